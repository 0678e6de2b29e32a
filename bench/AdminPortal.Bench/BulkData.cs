using Microsoft.Data.Sqlite;

namespace AdminPortal.Bench;

/// <summary>
/// Tokens straight into the app's SQLite file in one transaction (a million take seconds, not the hours the API
/// would). The app keeps running: WAL lets it read on while this writes.
/// </summary>
public static class BulkData
{
    /// <summary>
    /// A realistic mix over <paramref name="count"/> tokens, one created per second going back in time: a quarter
    /// revoked, a quarter timed out (30-minute lifetime), a quarter single use and already played, a quarter active.
    /// </summary>
    public static async Task InsertMixedAsync(string database, string videoId, int count)
    {
        await ExecuteAsync(database, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
            t(i, created, h) AS (SELECT i, strftime('%Y-%m-%d %H:%M:%S', 'now', printf('-%d seconds', i)), hex(randomblob(16)) FROM n)
            INSERT INTO AccessTokens (Code, OrganizationId, VideoId, ValidUntil, ExpiresAfterFirstUsage, RevokedAt, UseCount, LastUsedAt,
                                      Annotations, CreatedAt, ModifiedAt, CreatedBy, CodePrefix)
            SELECT @guid, (SELECT OrganizationId FROM Videos WHERE Id = $video), $video,
                   CASE i % 4 WHEN 1 THEN strftime('%Y-%m-%d %H:%M:%S', created, '+30 minutes') WHEN 3 THEN strftime('%Y-%m-%d %H:%M:%S', 'now', '+30 days') END,
                   i % 4 = 2,
                   CASE i % 4 WHEN 0 THEN created END,
                   CASE i % 4 WHEN 2 THEN 1 ELSE 0 END,
                   CASE i % 4 WHEN 2 THEN created END,
                   '[]', created, created, 'bench-bulk', lower(substr(h, 1, 8))
            FROM t
            """, videoId, count);
    }

    /// <summary>Single-use tokens valid for a day, never played; answers their codes.</summary>
    public static async Task<IReadOnlyList<string>> InsertFreshAsync(string database, string videoId, int count)
    {
        await ExecuteAsync(database, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
            t(i, h) AS (SELECT i, hex(randomblob(16)) FROM n)
            INSERT INTO AccessTokens (Code, OrganizationId, VideoId, ValidUntil, ExpiresAfterFirstUsage, RevokedAt, UseCount, LastUsedAt,
                                      Annotations, CreatedAt, ModifiedAt, CreatedBy, CodePrefix)
            SELECT @guid, (SELECT OrganizationId FROM Videos WHERE Id = $video), $video,
                   strftime('%Y-%m-%d %H:%M:%S', 'now', '+1 day'), 1, NULL, 0, NULL,
                   '[]', strftime('%Y-%m-%d %H:%M:%S', 'now'), strftime('%Y-%m-%d %H:%M:%S', 'now'), 'bench-fresh', lower(substr(h, 1, 8))
            FROM t
            """, videoId, count);
        await using var connection = await OpenAsync(database);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT Code FROM AccessTokens WHERE CreatedBy = 'bench-fresh' ORDER BY Id";
        var codes = new List<string>(count);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            codes.Add(reader.GetString(0).ToLowerInvariant());
        }
        return codes;
    }

    public static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Column h (32 random hex digits) as a v4 GUID in the text form EF Core stores (upper-case, 8-4-4-4-12).</summary>
    private const string RandomGuid =
        "substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-A' || substr(h, 18, 3) || '-' || substr(h, 21, 12)";

    private static async Task ExecuteAsync(string database, string sql, string videoId, int count)
    {
        await using var connection = await OpenAsync(database);
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("@guid", RandomGuid, StringComparison.Ordinal);
        command.Parameters.AddWithValue("$video", videoId);
        command.Parameters.AddWithValue("$count", count);
        command.CommandTimeout = 600;
        var inserted = await command.ExecuteNonQueryAsync();
        if (inserted != count)
        {
            throw new InvalidOperationException($"Inserted {inserted} tokens, expected {count}.");
        }
        // The app keeps a total per video beside its tokens (where its schema has one): keep it exact.
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'VideoTokenCounts'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync()) > 0)
        {
            await using var total = connection.CreateCommand();
            total.CommandText = """
                INSERT INTO VideoTokenCounts (VideoId, Total) VALUES ($video, $count)
                ON CONFLICT (VideoId) DO UPDATE SET Total = VideoTokenCounts.Total + $count
                """;
            total.Parameters.AddWithValue("$video", videoId);
            total.Parameters.AddWithValue("$count", count);
            await total.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 600 }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
