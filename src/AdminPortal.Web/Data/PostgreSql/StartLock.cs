using Npgsql;

namespace AdminPortal.Web.Data.PostgreSql;

/// <summary>
/// Lets one instance at a time bring a PostgreSQL database up to date (create it, migrate, seed): instances that start
/// together wait here for each other instead of racing on the schema. A session-level advisory lock, on a connection
/// of its own, released when that connection closes, so a crashed instance cannot leave it held.
/// </summary>
public static class StartLock
{
    /// <summary>Any fixed number; only this app's start-up takes it.</summary>
    private const long Key = 0x4164_6D69_6E50_6F72; // "AdminPor"

    public static async Task<IAsyncDisposable> AcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(connectionString, cancellationToken);
        // Not pooled: closing must end the session, which releases the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    /// <summary>Creates the database when it is missing (the role needs CREATEDB then); two instances may both try.</summary>
    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("The PostgreSQL connection string names no Database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it first.
        }
    }
}
