using System.Net;
using System.Text.Json;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Hosting;

namespace AdminPortal.Tests.Operations;

/// <summary><c>/healthz</c> says the process answers; <c>/healthz/ready</c> also checks the database and the media folder.</summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(PortalFactory factory)
    {
        var response = await factory.Browser().GetAsync("/healthz/ready");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string[] Failed(JsonElement body) => [.. body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Ready_answers_200_when_the_database_and_media_folder_work()
    {
        await using var factory = new PortalFactory();
        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Failed(body));
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("media").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_the_media_folder_ready_answers_503_naming_it_while_liveness_stays_200()
    {
        await using var factory = new PortalFactory();
        _ = factory.Server;
        Directory.Delete(factory.Service<DataPaths>().MediaRoot, recursive: true);

        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["media"], Failed(body));
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Without_the_database_ready_answers_503_naming_it()
    {
        // Losing the database is staged by replacing SQLite's file; PostgreSQL's loss is the server's, not the test's.
        Assert.SkipWhen(TestDatabase.IsPostgreSql, "Removes the SQLite file.");
        await using var factory = new PortalFactory();
        _ = factory.Server;
        var database = Path.Combine(factory.DataDirectory, "portal.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
        // A folder where the file was: SQLite cannot open it (nor quietly create an empty database).
        Directory.CreateDirectory(database);

        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["database"], Failed(body));
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync("/healthz")).StatusCode);
    }
}
