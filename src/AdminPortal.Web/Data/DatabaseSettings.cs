using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminPortal.Web.Data;

public enum DatabaseProvider
{
    /// <summary>An embedded file: one instance of the app (the default, for <c>dotnet run</c>).</summary>
    Sqlite,

    /// <summary>A server: several instances of the app may share it.</summary>
    PostgreSQL,
}

/// <summary>Which database the app uses (<c>Database:Provider</c>) and how to reach it, resolved once at start-up.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    public static DatabaseSettings Resolve(IConfiguration configuration, string dataDirectory)
    {
        var name = configuration[ProviderKey];
        var provider = string.IsNullOrWhiteSpace(name) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(name.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new InvalidOperationException($"{ProviderKey} is '{name}'; it must be Sqlite or PostgreSQL.");
        var configured = configuration.GetConnectionString("AdminPortal");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException("Database:Provider is PostgreSQL, so ConnectionStrings:AdminPortal must name the server and database.");
            }
            return new DatabaseSettings(provider, new NpgsqlConnectionStringBuilder(configured).ToString());
        }

        // A relative SQLite file is under the data folder.
        var connection = new SqliteConnectionStringBuilder(configured ?? "Data Source=adminportal.db");
        if (connection.DataSource != ":memory:" && !connection.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            connection.DataSource = Path.GetFullPath(connection.DataSource, dataDirectory);
        }
        return new DatabaseSettings(provider, connection.ToString());
    }

    public void EnsureFolder()
    {
        if (IsSqlite && Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) => IsSqlite
        ? options.UseSqlite(ConnectionString).AddInterceptors(new SqliteServerSettings())
        : options.UseNpgsql(ConnectionString);
}

/// <summary>
/// Makes each provider's context: PostgreSQL's is its own type only so that EF Core finds its own migrations
/// (Data/PostgreSql/Migrations) beside SQLite's (Data/Migrations); the model and every query are the same.
/// </summary>
public sealed class AdminPortalDbContextFactory(DbContextOptions<AdminPortalDbContext> options, DatabaseSettings settings)
    : IDbContextFactory<AdminPortalDbContext>
{
    public AdminPortalDbContext CreateDbContext() =>
        settings.IsSqlite ? new AdminPortalDbContext(options) : new PostgreSql.PostgreSqlDbContext(options);
}
