using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Tokens;

/// <summary>Fills columns added after tokens existed. Runs at every start; finding nothing to do is one index seek.</summary>
public static class TokenBackfill
{
    private const int Batch = 5000;

    /// <summary>Tokens created before "find by code" (or loaded in bulk without it) get their code prefix.</summary>
    public static async Task CodePrefixesAsync(AdminPortalDbContext db, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var missing = await db.AccessTokens.Where(t => t.CodePrefix == null).OrderBy(t => t.Id).Select(t => new { t.Id, t.Code })
                .Take(Batch).ToListAsync(cancellationToken);
            if (missing.Count == 0)
            {
                return;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var token in missing)
            {
                var prefix = TokenRules.CodePrefix(token.Code);
                await db.AccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CodePrefix, prefix), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
