using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Data;

/// <summary>
/// A random key every instance of the app must agree on (e.g. the media-signing key), kept in the database so a URL
/// signed by one instance is honoured by another.
/// </summary>
public sealed class SharedSecret
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
}

public static class SharedSecrets
{
    /// <summary>
    /// The secret called <paramref name="name"/>, created on first use (from <paramref name="initial"/> when given, so an
    /// older install keeps its key). Instances that create it at once agree: the first insert wins, the others read it.
    /// </summary>
    public static async Task<byte[]> GetOrCreateAsync(AdminPortalDbContext db, string name, Func<byte[]?> initial, CancellationToken cancellationToken = default)
    {
        var value = initial() ?? RandomNumberGenerator.GetBytes(32);
        // An insert that keeps an existing row, in the syntax SQLite and PostgreSQL share.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SharedSecrets" ("Name", "Value") VALUES ({name}, {value}) ON CONFLICT ("Name") DO NOTHING
            """, cancellationToken);
        return await db.SharedSecrets.Where(s => s.Name == name).Select(s => s.Value).SingleAsync(cancellationToken);
    }
}
