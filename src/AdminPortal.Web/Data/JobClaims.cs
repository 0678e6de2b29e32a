using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AdminPortal.Web.Data;

/// <summary>
/// Lets one instance at a time run a background job (packaging a video): on PostgreSQL, instances share the job rows, so
/// each job is claimed with a session-level advisory lock on a connection of its own, held while it runs and released
/// when that connection closes (also when the instance dies, so another may take the job over). A SQLite file has one
/// instance, so every claim succeeds there.
/// </summary>
public sealed class JobClaims(DatabaseSettings database)
{
    /// <summary>The claim (dispose it when done), or null when another instance is running the job.</summary>
    public async Task<IAsyncDisposable?> TryClaimAsync(string job, CancellationToken cancellationToken)
    {
        if (database.IsSqlite)
        {
            return NoClaim.Instance;
        }
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("job:" + job))));
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return connection;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class NoClaim : IAsyncDisposable
    {
        public static readonly NoClaim Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
