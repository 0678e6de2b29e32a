using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Tokens;

/// <summary>
/// How many tokens a video has, kept in step with every insert (in the same transaction), so a list's total is one
/// row read instead of a count over a million index entries. Tokens are only ever deleted with their video, which
/// deletes this row too.
/// </summary>
public sealed class VideoTokenCount
{
    public required string VideoId { get; set; }
    public long Total { get; set; }
}

public static class VideoTokenCounts
{
    /// <summary>Adds <paramref name="added"/> to the video's total, inside the caller's transaction.</summary>
    public static Task AddAsync(AdminPortalDbContext db, string videoId, int added) =>
        // An upsert, in the syntax SQLite and PostgreSQL share.
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "VideoTokenCounts" ("VideoId", "Total") VALUES ({videoId}, {added})
            ON CONFLICT ("VideoId") DO UPDATE SET "Total" = "VideoTokenCounts"."Total" + {added}
            """);

    public static async Task<long> TotalAsync(AdminPortalDbContext db, string videoId, CancellationToken cancellationToken) =>
        await db.VideoTokenCounts.Where(c => c.VideoId == videoId).Select(c => c.Total).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Counts every video's tokens again, exactly, in one transaction. Runs at start-up (it fills the totals after an
    /// upgrade and repairs any bulk load that wrote tokens without them); bulk loaders call it after loading.
    /// </summary>
    public static async Task RecountAsync(AdminPortalDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Other instances keep creating tokens meanwhile: a creation's total waits until this recount commits, and
            // this recount waits for creations already under way (SQLite's write transaction already does both).
            await db.Database.ExecuteSqlRawAsync("""LOCK TABLE "VideoTokenCounts" IN SHARE ROW EXCLUSIVE MODE""", cancellationToken);
        }
        await db.VideoTokenCounts.ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "VideoTokenCounts" ("VideoId", "Total")
            SELECT "VideoId", COUNT(*) FROM "AccessTokens" GROUP BY "VideoId"
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
