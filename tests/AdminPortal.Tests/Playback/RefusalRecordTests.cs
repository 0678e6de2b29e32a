using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

/// <summary>Support can see why a link failed: every refused load and session start of a known token is recorded with its reason.</summary>
public sealed class RefusalRecordTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private readonly ViewerKit kit = new(fixture.Factory);

    private async Task<(Actor Editor, string VideoId, TokenView Token)> TokenInAsync(string orgCode, List<string> domains, TokenChanges? changes = null)
    {
        var organization = await factory.OrganizationAsync(orgCode);
        await using (var db = await factory.DbAsync())
        {
            var tracked = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
            tracked.AllowedDomains = domains;
            await db.SaveChangesAsync();
        }
        var editor = await factory.StaffAsync(StaffRole.Editor, orgCode);
        var video = await factory.VideoAsync(orgCode);
        var token = (await factory.Service<TokenService>().CreateAsync(editor, video.Id, changes ?? new TokenChanges())).Value!;
        return (editor, video.Id, token);
    }

    private static string Url(string orgCode, string videoId, Guid code) => $"/embed/{orgCode}/{videoId}/?access_token={code}";

    [Fact]
    public async Task A_load_from_a_site_not_on_the_list_is_recorded_with_its_reason_referrer_and_browser_and_reads_in_plain_words()
    {
        var (editor, videoId, token) = await TokenInAsync("refusals-site", ["school.example.com"]);

        var (status, _, _) = await kit.LoadAsync(Url("refusals-site", videoId, token.Code), "https://pirate.example.net/stolen");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var page = (await factory.Service<UsageService>().TokenRefusalsAsync(editor, videoId, token.Code, cancellationToken: TestContext.Current.CancellationToken)).Value!;
        var refusal = Assert.Single(page.Items);
        Assert.Equal(PlaybackRefusal.SiteNotAllowed, refusal.Reason);
        Assert.False(refusal.AtStart);
        Assert.Equal("https://pirate.example.net/stolen", refusal.Referrer);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, refusal.At);
        Assert.Equal("Refused: site pirate.example.net is not on the allowed list", refusal.What);
        var counts = await factory.Service<UsageService>().RefusalsByTokenAsync(editor, videoId, [token.Code], TestContext.Current.CancellationToken);
        Assert.Equal(1, counts[token.Code].Count);
        // Nothing was spent, nothing counted as a play.
        Assert.Equal(0, (await factory.Service<TokenService>().GetAsync(editor, videoId, token.Code, TestContext.Current.CancellationToken)).Value!.UseCount);
    }

    [Fact]
    public async Task A_second_play_of_a_single_use_link_is_recorded_as_a_refused_start_and_a_later_load_as_a_refused_load()
    {
        var (editor, videoId, token) = await TokenInAsync("refusals-used", [], new TokenChanges { ExpiresAfterFirstUsage = true });
        var url = Url("refusals-used", videoId, token.Code);
        var ticketA = ViewerKit.Config((await kit.LoadAsync(url)).Html).GetProperty("ticket").GetString();
        var ticketB = ViewerKit.Config((await kit.LoadAsync(url)).Html).GetProperty("ticket").GetString();

        Assert.Equal(HttpStatusCode.Created, (await kit.StartAsync(ticketA)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kit.StartAsync(ticketB)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kit.LoadAsync(url)).Status);

        var refusals = (await factory.Service<UsageService>().TokenRefusalsAsync(editor, videoId, token.Code, cancellationToken: TestContext.Current.CancellationToken)).Value!.Items;
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(PlaybackRefusal.UsedUp, r.Reason));
        Assert.Single(refusals, r => r.AtStart);
        Assert.Contains(refusals, r => r.What == "Refused: the single-use link had already been played (on pressing play)");
    }

    [Fact]
    public async Task Unknown_codes_are_not_recorded_and_the_refusal_page_shows_the_first_8_characters_of_the_code()
    {
        var (_, videoId, token) = await TokenInAsync("refusals-code", []);
        await factory.Service<TokenService>().RevokeAsync(await factory.StaffAsync(StaffRole.Editor, "refusals-code"), videoId, token.Code, TestContext.Current.CancellationToken);
        var unknown = Guid.NewGuid();

        var revoked = await kit.LoadAsync(Url("refusals-code", videoId, token.Code));
        var missing = await kit.LoadAsync(Url("refusals-code", videoId, unknown));

        Assert.Equal(HttpStatusCode.Forbidden, revoked.Status);
        Assert.Contains($"Link code: <strong>{token.Code.ToString()[..8]}</strong>", revoked.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Code.ToString()[8..], revoked.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains(unknown.ToString()[..8], missing.Html, StringComparison.Ordinal);
        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.RefusedPlaybacks.CountAsync(r => r.VideoId == videoId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Refusals_older_than_retention_become_daily_counts_and_the_grid_count_stays_the_same()
    {
        var (editor, videoId, token) = await TokenInAsync("refusals-old", []);
        var today = factory.Clock.GetUtcNow().UtcDateTime.Date;
        await using (var db = await factory.DbAsync())
        {
            var id = await db.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
            db.RefusedPlaybacks.AddRange(new[] { today.AddDays(-120), today.AddDays(-120).AddHours(2), today.AddDays(-1) }
                .Select(at => new RefusedPlayback { AccessTokenId = id, VideoId = videoId, At = at, Reason = PlaybackRefusal.Expired }));
            db.PlaybackRecords.Add(new PlaybackRecord { AccessTokenId = id, VideoId = videoId, At = today.AddDays(-120) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var usage = factory.Service<UsageService>();

        await factory.Service<PlaybackRetention>().CompactAsync(TestContext.Current.CancellationToken);

        var counts = await usage.RefusalsByTokenAsync(editor, videoId, [token.Code], TestContext.Current.CancellationToken);
        Assert.Equal(3, counts[token.Code].Count);
        Assert.Single((await usage.TokenRefusalsAsync(editor, videoId, token.Code, cancellationToken: TestContext.Current.CancellationToken)).Value!.Items);
        var folded = Assert.Single((await usage.TokenRefusedDaysAsync(editor, videoId, token.Code, TestContext.Current.CancellationToken)).Value!);
        Assert.Equal((DateOnly.FromDateTime(today.AddDays(-120)), 2), (folded.Day, folded.Count));
        Assert.Equal(1, Assert.Single((await usage.TokenDaysAsync(editor, videoId, token.Code, TestContext.Current.CancellationToken)).Value!).Count);
    }

    [Fact]
    public async Task A_staff_preview_plays_a_single_use_link_without_counting_or_spending_it_and_is_marked()
    {
        var (editor, videoId, token) = await TokenInAsync("refusals-preview", [], new TokenChanges { ExpiresAfterFirstUsage = true });
        var preview = factory.Service<PlaybackService>().StaffPreviewValue(token.Code);
        var url = Url("refusals-preview", videoId, token.Code) + "&staff_preview=" + Uri.EscapeDataString(preview);

        var (status, html, _) = await kit.LoadAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Staff preview: not counted as a use", html, StringComparison.Ordinal);
        var start = await kit.StartAsync(ViewerKit.Config(html).GetProperty("ticket").GetString());
        Assert.Equal(HttpStatusCode.Created, start.Status);

        var after = (await factory.Service<TokenService>().GetAsync(editor, videoId, token.Code, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(0, after.UseCount);
        Assert.Equal(TokenState.Active, after.State);
        await using var db = await factory.DbAsync();
        var tokenId = await db.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await db.PlaybackRecords.CountAsync(r => r.AccessTokenId == tokenId, TestContext.Current.CancellationToken));
        Assert.True(await db.PlaybackSessions.AnyAsync(s => s.VideoId == videoId && s.IsStaffPreview && s.AccessTokenId == null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_forged_or_other_tokens_preview_value_is_an_ordinary_viewer_load()
    {
        var (_, videoId, token) = await TokenInAsync("refusals-forged", []);
        var other = factory.Service<PlaybackService>().StaffPreviewValue(Guid.NewGuid());

        foreach (var value in new[] { "forged", other })
        {
            var (status, html, _) = await kit.LoadAsync(Url("refusals-forged", videoId, token.Code) + "&staff_preview=" + Uri.EscapeDataString(value));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("Staff preview", html, StringComparison.Ordinal);
        }
        await using var db = await factory.DbAsync();
        var tokenId = await db.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, await db.PlaybackRecords.CountAsync(r => r.AccessTokenId == tokenId, TestContext.Current.CancellationToken));
    }
}
