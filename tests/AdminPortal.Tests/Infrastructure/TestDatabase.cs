using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>
/// The database the test host gives each app: a SQLite file in its data folder by default, or, with
/// <c>ADMINPORTAL_TEST_PROVIDER=PostgreSQL</c>, a database of its own on the server in <c>ADMINPORTAL_TEST_POSTGRES</c>
/// (a connection string without a database; test.sh starts a throwaway cluster). The same data folder always gets the
/// same database, so restart tests find their data again.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable("ADMINPORTAL_TEST_PROVIDER"), "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public static string ProviderName => IsPostgreSql ? "PostgreSQL" : "Sqlite";

    /// <summary>The test cluster (also given to the SQLite run, for the scale-out test), or null.</summary>
    public static string? PostgreSqlServer => Environment.GetEnvironmentVariable("ADMINPORTAL_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    private static string Server => PostgreSqlServer
        ?? throw new InvalidOperationException("ADMINPORTAL_TEST_PROVIDER=PostgreSQL needs ADMINPORTAL_TEST_POSTGRES (a connection string to the test cluster).");

    /// <summary>The app's database settings, as configuration keys.</summary>
    public static Dictionary<string, string> Settings(string dataDirectory, string sqliteFile = "portal.db") => IsPostgreSql
        ? new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:AdminPortal"] = PostgreSqlConnectionString(dataDirectory) }
        : new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:AdminPortal"] = $"Data Source={Path.Combine(dataDirectory, sqliteFile)}" };

    /// <summary>The same settings as environment variables, for an app started as a process.</summary>
    public static Dictionary<string, string> EnvironmentVariables(string dataDirectory, string sqliteFile = "portal.db") =>
        Settings(dataDirectory, sqliteFile).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    public static string PostgreSqlConnectionString(string dataDirectory) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = NameFor(dataDirectory) }.ToString();

    /// <summary>A context on the app's database, for a test that reads or writes behind the app's back.</summary>
    public static AdminPortalDbContext Open(string dataDirectory, string sqliteFile = "portal.db")
    {
        var options = new DbContextOptionsBuilder<AdminPortalDbContext>();
        return IsPostgreSql
            ? new PostgreSqlDbContext(options.UseNpgsql(PostgreSqlConnectionString(dataDirectory)).Options)
            : new AdminPortalDbContext(options.UseSqlite($"Data Source={Path.Combine(dataDirectory, sqliteFile)}").Options);
    }

    /// <summary>Removes the app's PostgreSQL database (a SQLite file goes with its folder).</summary>
    public static async Task DropAsync(string dataDirectory)
    {
        if (IsPostgreSql)
        {
            await DropPostgreSqlAsync(dataDirectory);
        }
    }

    public static async Task DropPostgreSqlAsync(string dataDirectory)
    {
        var target = PostgreSqlConnectionString(dataDirectory);
        await using (var probe = new NpgsqlConnection(target))
        {
            NpgsqlConnection.ClearPool(probe);
        }
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{NameFor(dataDirectory)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string NameFor(string dataDirectory) =>
        "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
