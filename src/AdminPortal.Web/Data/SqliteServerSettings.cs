using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Web.Data;

/// <summary>
/// Per-connection SQLite settings for a server. A writer that finds the database locked waits inside SQLite's own
/// busy handler (which retries within a millisecond or two) instead of failing to the provider's retry loop, which
/// sleeps 150 ms at a time. Synchronous stays FULL: with group commit a sync is paid per batch, not per write, and an
/// acknowledged write then survives a power cut too, not only a crash of the process.
/// </summary>
public sealed class SqliteServerSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }
}
