using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

/// <summary>The app with every SQL command it runs recorded.</summary>
public sealed class SqlRecordingPortalFactory : PortalFactory
{
    public SqlRecorder Sql { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<AdminPortalDbContext>(options => options.AddInterceptors(Sql)));
    }
}

public sealed class SqlRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> commands = new();
    private readonly AsyncLocal<ConcurrentQueue<string>?> flow = new();

    public IReadOnlyList<string> Commands => commands.ToArray();

    public void Clear() => commands.Clear();

    /// <summary>
    /// From here on, also records the commands the calling test's own flow runs (direct service calls), apart from those
    /// of background workers. Synchronous on purpose: the flow's value must stay set in the caller.
    /// </summary>
    public Func<IReadOnlyList<string>> RecordThisFlow()
    {
        var own = new ConcurrentQueue<string>();
        flow.Value = own;
        return () => own.ToArray();
    }

    private void Record(string text)
    {
        commands.Enqueue(text);
        flow.Value?.Enqueue(text);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command.CommandText);
        return ValueTask.FromResult(result);
    }
}

public sealed class SqlRecordingFixture : IAsyncLifetime
{
    public SqlRecordingPortalFactory Factory { get; } = new();

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class TokenApiPerformanceTests(SqlRecordingFixture fixture) : IClassFixture<SqlRecordingFixture>
{
    private const int TokenCount = 10_000;
    private readonly SqlRecordingPortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Pages_of_10000_tokens_run_a_few_bounded_queries_each()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await factory.DbAsync())
        {
            db.AccessTokens.AddRange(Enumerable.Range(0, TokenCount).Select(i => new AccessToken
            {
                Code = TokenService.NewCode(),
                OrganizationId = video.OrganizationId,
                VideoId = video.Id,
                CreatedAt = now.AddSeconds(-i),
                ModifiedAt = now.AddSeconds(-i),
                CreatedBy = "bulk",
                // A third revoked, a third timed out, a third active.
                RevokedAt = i % 3 == 0 ? now : null,
                ValidUntil = i % 3 == 1 ? now.AddSeconds(-1) : null,
            }));
            await db.SaveChangesAsync();
            await VideoTokenCounts.RecountAsync(db);
        }
        var active = TokenCount / 3;

        var pages = new (string Url, int Count, int Items)[]
        {
            (V1Tokens(org, video.Id) + "?limit=50", TokenCount, 50),
            (V1Tokens(org, video.Id) + "?limit=50&offset=5000", TokenCount, 50),
            (V1Tokens(org, video.Id) + "?limit=50&offset=9950", TokenCount, 50),
            (V1Tokens(org, video.Id) + "?is_active=true&limit=100&offset=1600", active, 100),
            (AdminTokens(video.Id), TokenCount, 20),
            (AdminTokens(video.Id) + "?page=250", TokenCount, 20),
            (AdminTokens(video.Id) + "?page=500", TokenCount, 20),
            (AdminTokens(video.Id) + "?status=active&page=167", active, 13),
        };
        await client.GetAsync(pages[0].Url); // warm up: compile queries, open the pool
        foreach (var (url, count, items) in pages)
        {
            factory.Sql.Clear();
            var watch = Stopwatch.StartNew();
            var body = await ExpectAsync(await client.GetAsync(url), HttpStatusCode.OK);
            watch.Stop();
            var commands = factory.Sql.Commands;

            Assert.Equal(count, body["count"]!.GetValue<int>());
            Assert.Equal(items, body["results"]!.AsArray().Count);
            // Key lookup (cached after the first call), the video check with the counts, one page.
            Assert.True(commands.Count <= 4, $"{url} ran {commands.Count} commands:\n{string.Join("\n---\n", commands)}");
            var tokenSelects = commands.Where(c => c.Contains("FROM \"AccessTokens\"", StringComparison.Ordinal) && !c.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase)).ToList();
            var page = Assert.Single(tokenSelects);
            Assert.Contains("LIMIT", page, StringComparison.Ordinal);
            Assert.True(watch.ElapsedMilliseconds < 500, $"{url} took {watch.ElapsedMilliseconds} ms");
        }
    }

    [Fact]
    public async Task List_totals_come_from_the_kept_count_and_the_open_token_index_and_pages_skip_index_entries_only()
    {
        // SQLite's query planner: what the indexes were built for. PostgreSQL plans by statistics, not by rule.
        Assert.SkipWhen(TestDatabase.IsPostgreSql, "A SQLite query plan.");
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var plans = new List<string>();
        foreach (var status in new[] { TokenStatusFilter.All, TokenStatusFilter.Active, TokenStatusFilter.Expired })
        {
            factory.Sql.Clear();
            await factory.Service<TokenService>().ListAsync(editor, video.Id, new TokenQuery(status, Offset: 100));
            var commands = factory.Sql.Commands;
            Assert.Equal(2, commands.Count);
            Assert.DoesNotContain(commands, c => c.Contains("COUNT(*)", StringComparison.Ordinal) && !c.Contains("VideoTokenCounts", StringComparison.Ordinal));
            foreach (var sql in commands)
            {
                plans.AddRange((await PlanAsync(sql)).Select(step => $"{status}: {step}"));
            }
        }

        Assert.Contains("All: SEARCH a0 USING COVERING INDEX IX_AccessTokens_VideoId_CreatedAt (VideoId=?)", plans);
        Assert.Contains("Active: SEARCH a USING INDEX IX_AccessTokens_Open_VideoId_ValidUntil (VideoId=? AND ValidUntil=?)", plans);
        Assert.Contains("Active: SEARCH a0 USING INDEX IX_AccessTokens_Open_VideoId_ValidUntil (VideoId=? AND ValidUntil>?)", plans);
        Assert.Contains("Expired: SEARCH a0 USING INDEX IX_AccessTokens_Open_VideoId_ValidUntil (VideoId=? AND ValidUntil>?)", plans);
        Assert.DoesNotContain(plans, step => step.Contains("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_totals_stay_exact_through_creates_and_a_recount()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var tokens = factory.Service<TokenService>();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => tokens.CreateAsync(editor, video.Id,
            new TokenChanges { TimeToLive = i % 2 == 0 ? 0L : 3600L, ExpiresAfterFirstUsage = i % 4 == 1 })));

        async Task<(int, int, int)> TotalsAsync() => (
            (await tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.TotalCount,
            (await tokens.ListAsync(editor, video.Id, new TokenQuery(TokenStatusFilter.Active))).Value!.TotalCount,
            (await tokens.ListAsync(editor, video.Id, new TokenQuery(TokenStatusFilter.Expired))).Value!.TotalCount);

        Assert.Equal((40, 20, 20), await TotalsAsync());
        await using (var db = await factory.DbAsync())
        {
            await VideoTokenCounts.RecountAsync(db);
        }
        Assert.Equal((40, 20, 20), await TotalsAsync());
    }

    private async Task<List<string>> PlanAsync(string sql)
    {
        await using var db = await factory.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }

    [Fact]
    public async Task The_page_query_uses_the_video_and_created_index()
    {
        // SQLite's query planner: what the indexes were built for. PostgreSQL plans by statistics, not by rule.
        Assert.SkipWhen(TestDatabase.IsPostgreSql, "A SQLite query plan.");
        await using var db = await factory.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM \"AccessTokens\" WHERE \"VideoId\" = 'x' ORDER BY \"CreatedAt\" DESC, \"Id\" DESC LIMIT 20 OFFSET 40";
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("IX_AccessTokens_VideoId_CreatedAt", StringComparison.Ordinal));
    }
}
