using System.Diagnostics;
using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Tokens;

/// <summary>Creating many tokens at once (all or none), and the CSV export of the grid's filter.</summary>
public sealed class BulkTokenTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static readonly TokenChanges Settings = new()
    {
        TimeToLive = 3600L,
        ExpiresAfterFirstUsage = true,
        MaxConcurrentViewers = 1L,
        Annotations = new List<AnnotationInput> { new() { Text = "{viewer}" } },
    };

    [Fact]
    public async Task Ten_thousand_viewers_from_a_csv_become_ten_thousand_tokens_with_the_same_settings()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var list = ViewerCsv.Parse("viewer\n" + string.Join("\n", Enumerable.Range(1, 10_000).Select(i => $"student-{i}@school.example")));
        var reported = new List<int>();

        var watch = Stopwatch.StartNew();
        var result = await factory.Service<TokenService>().CreateManyAsync(editor, video.Id, Settings, list.Viewers, new SyncProgress(reported.Add));
        watch.Stop();

        Assert.True(result.IsOk, result.Message);
        var tokens = result.Value!;
        Assert.Equal(10_000, tokens.Count);
        Assert.Equal(10_000, tokens.Select(t => t.Code).Distinct().Count());
        Assert.Equal(list.Viewers, tokens.Select(t => t.Viewer));
        Assert.All(tokens, t => Assert.True(t.ExpiresAfterFirstUsage && t.MaxConcurrentViewers == 1 && t.ValidUntil == factory.Clock.GetUtcNow().UtcDateTime.AddHours(1)));
        Assert.Equal(10_000, reported[^1]);
        Assert.True(reported.Count >= 10, "progress is reported as chunks are written");
        Assert.Equal(10_000, (await factory.Service<TokenService>().ListAsync(editor, video.Id, new TokenQuery())).Value!.TotalCount);
        await using var db = await factory.DbAsync();
        Assert.Equal(10_000, await db.TokenEvents.CountAsync(e => db.AccessTokens.Any(t => t.Id == e.AccessTokenId && t.VideoId == video.Id)));
        // Speed is the benchmark's figure (bench/BulkCsv.cs); on a shared machine a bound here would only be flaky.
        TestContext.Current.SendDiagnosticMessage($"10,000 tokens in {watch.Elapsed.TotalSeconds:N1} s");
    }

    [Fact]
    public async Task A_count_makes_unnamed_tokens()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);

        var result = await factory.Service<TokenService>().CreateManyAsync(editor, video.Id, new TokenChanges(), new string?[25]);

        Assert.Equal(25, result.Value!.Count);
        Assert.All(result.Value, t => Assert.Null(t.Viewer));
    }

    [Fact]
    public async Task A_failure_part_way_through_leaves_no_token_behind()
    {
        Assert.SkipWhen(TestDatabase.IsPostgreSql, "The failure is staged with a SQLite trigger.");
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var viewers = Enumerable.Range(1, 2500).Select(i => i == 2200 ? "boom" : $"v{i}").ToList();
        await using (var db = await factory.DbAsync())
        {
            // The 2,200th insert fails, after two chunks of 1,000 were written in the same transaction.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER fail_boom BEFORE INSERT ON AccessTokens WHEN NEW.Viewer = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END");
        }
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => factory.Service<TokenService>().CreateManyAsync(editor, video.Id, Settings, viewers));
        }
        finally
        {
            await using var db = await factory.DbAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER fail_boom");
        }

        await using var check = await factory.DbAsync();
        Assert.Equal(0, await check.AccessTokens.CountAsync(t => t.VideoId == video.Id));
        Assert.Equal(0, await VideoTokenCounts.TotalAsync(check, video.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Bad_settings_or_a_bad_viewer_create_nothing_and_name_the_field()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var viewerRole = await factory.StaffAsync(StaffRole.Viewer, org);
        var video = await factory.VideoAsync(org);
        var tokens = factory.Service<TokenService>();

        var badTtl = await tokens.CreateManyAsync(editor, video.Id, new TokenChanges { TimeToLive = -1L }, ["a", "b"]);
        Assert.Contains("time_to_live", badTtl.Errors.Fields);
        var badViewer = await tokens.CreateManyAsync(editor, video.Id, new TokenChanges(), ["a", new string('x', 201)]);
        Assert.Contains("viewers[1]", badViewer.Errors.Fields);
        var tooMany = await tokens.CreateManyAsync(editor, video.Id, new TokenChanges(), new string?[10_001]);
        Assert.Contains("count", tooMany.Errors.Fields);
        Assert.False((await tokens.CreateManyAsync(viewerRole, video.Id, new TokenChanges(), ["a"])).IsOk);
        var otherOrg = await factory.StaffAsync(StaffRole.Editor, NewOrg());
        Assert.Equal(Web.Common.ResultStatus.NotFound, (await tokens.CreateManyAsync(otherOrg, video.Id, new TokenChanges(), ["a"])).Status);

        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.VideoId == video.Id));
    }

    [Fact]
    public async Task Export_streams_the_filtered_tokens_as_csv_to_staff_of_the_organization_only()
    {
        var admin = await factory.AdminAsync();
        var video = await factory.VideoAsync();
        var tokens = factory.Service<TokenService>();
        var created = (await tokens.CreateManyAsync(admin, video.Id, new TokenChanges { TimeToLive = 60L },
            Enumerable.Range(1, 2100).Select(i => (string?)$"s{i}").Append("=cmd|' /C calc'!A0").ToList())).Value!;
        await tokens.RevokeAsync(admin, video.Id, created[0].Code);
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var all = await client.GetAsync($"/videos/{video.Id}/tokens.csv");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", all.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await all.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(TokenCsv.Header, lines[0].TrimStart('\uFEFF'));
        Assert.Equal(2102, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("'=cmd", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"s17,{created[16].Code},http", StringComparison.Ordinal) && l.Contains($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token=", StringComparison.Ordinal));

        var active = (await client.GetStringAsync($"/videos/{video.Id}/tokens.csv?status=active")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2101, active.Length);
        var searched = (await client.GetStringAsync($"/videos/{video.Id}/tokens.csv?search=S20")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(112, searched.Length); // the header, s20, s200-s209 and s2000-s2099
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/videos/{video.Id}/tokens.csv?status=weird")).StatusCode);

        // Not signed in: sent to sign in. Another organization's staff: not found.
        Assert.Equal(HttpStatusCode.Redirect, (await factory.Browser().GetAsync($"/videos/{video.Id}/tokens.csv")).StatusCode);
        var stranger = await factory.StaffAsync(StaffRole.Admin, NewOrg());
        var strangerClient = await SignIn.AsAsync(factory, stranger.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/videos/{video.Id}/tokens.csv")).StatusCode);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
