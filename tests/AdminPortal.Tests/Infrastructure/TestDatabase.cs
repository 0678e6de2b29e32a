using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Data.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>The app's database settings, as configuration keys. A new PostgreSQL database starts as a copy of a migrated template.</summary>
    public static Dictionary<string, string> Settings(string dataDirectory, string sqliteFile = "portal.db")
    {
        if (!IsPostgreSql)
        {
            return new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:AdminPortal"] = $"Data Source={Path.Combine(dataDirectory, sqliteFile)}" };
        }
        CreateFromTemplate(NameFor(dataDirectory));
        return new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:AdminPortal"] = PostgreSqlConnectionString(dataDirectory) };
    }

    // Migrating an empty PostgreSQL database takes seconds and the suite makes dozens; copying a migrated template takes
    // a fraction of one. The app still runs its migrations at start (and finds nothing to do). The scale-out test's
    // instances migrate an empty database themselves, as a real install does.
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private static void CreateFromTemplate(string database)
    {
        var template = Template.Value;
        using var connection = ServerConnection();
        connection.Open();
        if (Exists(connection, database))
        {
            return; // A restart test's second app: the first one's data stays.
        }
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection);
        create.ExecuteNonQuery();
    }

    private static string CreateTemplate()
    {
        // Named after this build of the app, so a schema change never meets an older template on a reused cluster.
        var name = "t_template_" + Convert.ToHexStringLower(typeof(PostgreSqlDbContext).Assembly.ManifestModule.ModuleVersionId.ToByteArray())[..16];
        using (var connection = ServerConnection())
        {
            connection.Open();
            if (Exists(connection, name))
            {
                return name;
            }
        }
        var target = new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = false }.ToString();
        // Identity reads its schema version from the app's options, as in the app and its design-time factory.
        using var services = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = AdminPortalDbContext.IdentitySchema)
            .BuildServiceProvider();
        var options = new DbContextOptionsBuilder<AdminPortalDbContext>().UseApplicationServiceProvider(services).UseNpgsql(target).Options;
        using (var db = new PostgreSqlDbContext(options))
        {
            db.Database.Migrate();
        }
        return name;
    }

    /// <summary>A connection to the cluster's maintenance database, unpooled so that none stays open on a database being copied or dropped.</summary>
    private static NpgsqlConnection ServerConnection() =>
        new(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ToString());

    private static bool Exists(NpgsqlConnection connection, string database)
    {
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        return exists.ExecuteScalar() is not null;
    }

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
        await using var connection = ServerConnection();
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{NameFor(dataDirectory)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string NameFor(string dataDirectory) =>
        "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
