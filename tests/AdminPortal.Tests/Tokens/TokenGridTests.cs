using System.Globalization;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Tokens;

public sealed class TokenGridTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private TokenService Tokens => Factory.Service<TokenService>();

    [Fact]
    public async Task Second_page_shows_the_next_tokens_from_the_service()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Paging");
        var codes = await CreateTokensAsync(editor, video.Id, 25); // oldest first

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));

        // Newest first: page 1 holds the 20 newest, page 2 the 5 oldest.
        cut.WaitForAssertion(() => Assert.Equal(codes.AsEnumerable().Reverse().Take(20).Select(Short), ShownCodes(cut)));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Equal(codes.Take(5).Reverse().Select(Short), ShownCodes(cut)));
    }

    [Fact]
    public async Task Valid_until_reads_in_the_browser_time_zone_with_utc_beside_it()
    {
        Services.GetRequiredService<TimeDisplay>().Use("America/New_York");
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Time zone");
        await Tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 86_400L });
        var until = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        var local = TimeZoneInfo.ConvertTimeFromUtc(until, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var utcText = until.ToString(local.Date == until.Date ? "HH:mm" : "d MMM HH:mm", CultureInfo.InvariantCulture);

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Equal($"{local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} ({utcText} UTC)",
            cut.Find("[data-testid=token-valid-until]").TextContent.Trim()));
        Assert.Equal("in 24 hours", cut.Find("[data-testid=token-valid-until]").ParentElement!.QuerySelector("span")!.TextContent.Trim());
    }

    [Fact]
    public async Task Active_and_revoked_filters_show_only_those_tokens_with_their_real_state()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Filter");
        var codes = await CreateTokensAsync(editor, video.Id, 4);
        await Tokens.RevokeManyAsync(editor, video.Id, [codes[0], codes[2]]);

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Equal(4, ShownCodes(cut).Count));

        cut.FindAll("[data-testid=token-filter] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Active").Click();
        cut.WaitForAssertion(() => Assert.Equal(new[] { codes[3], codes[1] }.Select(Short), ShownCodes(cut)));

        cut.FindAll("[data-testid=token-filter] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Revoked").Click();
        cut.WaitForAssertion(() => Assert.Equal(new[] { codes[2], codes[0] }.Select(Short), ShownCodes(cut)));
        Assert.All(cut.FindAll("[data-testid=token-status]"), chip => Assert.Equal("Revoked", chip.TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid=token-ended]"), e => Assert.Equal("ended less than a minute ago, revoked", e.TextContent.Trim()));

        cut.FindAll("[data-testid=token-filter] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Expired").Click();
        cut.WaitForAssertion(() => Assert.Contains("No expired tokens.", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_used_single_use_token_reads_used_with_when_it_ended_and_refusals_are_counted_in_its_row()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Used");
        var token = (await Tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 86_400L, ExpiresAfterFirstUsage = true })).Value!;
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await Factory.DbAsync())
        {
            var id = db.AccessTokens.Single(t => t.Code == token.Code).Id;
            await db.AccessTokens.Where(t => t.Id == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.UseCount, 1).SetProperty(t => t.LastUsedAt, now.AddMinutes(-3)));
            db.RefusedPlaybacks.AddRange(
                new AdminPortal.Web.Playback.RefusedPlayback { AccessTokenId = id, VideoId = video.Id, At = now.AddMinutes(-1), Reason = AdminPortal.Web.Playback.PlaybackRefusal.UsedUp, IpAddress = "192.0.2.9" },
                new AdminPortal.Web.Playback.RefusedPlayback { AccessTokenId = id, VideoId = video.Id, At = now, Reason = AdminPortal.Web.Playback.PlaybackRefusal.SiteNotAllowed, Referrer = "http://127.0.0.2/page" });
            await db.SaveChangesAsync();
        }

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Equal("Used", cut.Find("[data-testid=token-status]").TextContent.Trim()));
        Assert.Equal("ended 3 minutes ago, played once (single use)", cut.Find("[data-testid=token-ended]").TextContent.Trim());
        Assert.Equal("2 refused", cut.Find("[data-testid=token-refused]").TextContent.Trim());
        Assert.DoesNotContain("in 23 hours", cut.Markup, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Find("[data-testid=token-details]").Click());
        Dialogs.WaitForAssertion(() =>
        {
            var refused = Dialogs.FindAll("[data-testid=history-refused]").Select(r => r.TextContent).ToList();
            Assert.Equal(2, refused.Count);
            Assert.Contains("Refused: site 127.0.0.2 is not on the allowed list", refused[0], StringComparison.Ordinal);
            Assert.Contains("Refused: the single-use link had already been played", refused[1], StringComparison.Ordinal);
            Assert.Contains("192.0.2.9", refused[1], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Revoking_two_tokens_names_them_and_extend_names_its_token_with_the_menu_closed()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Named");
        var codes = await CreateTokensAsync(editor, video.Id, 2);
        await Tokens.UpdateAsync(editor, video.Id, codes[1], new TokenChanges { TimeToLive = 3600L });
        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Equal(2, ShownCodes(cut).Count));

        cut.FindAll("[data-testid=token-grid] tbody input[type=checkbox]")[0].Change(true);
        cut.FindAll("[data-testid=token-grid] tbody input[type=checkbox]")[1].Change(true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=token-revoke-selected]").Click());
        Dialogs.WaitForAssertion(() => Assert.Contains($"Tokens {Short(codes[1])} and {Short(codes[0])} stop working at once.",
            Dialogs.Find("[data-testid=confirm-dialog]").TextContent, StringComparison.Ordinal));
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=confirm-dialog]")));

        cut.FindAll("[data-testid=token-menu] button")[0].Click();
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Extend time to live", StringComparison.Ordinal)).Click());
        Dialogs.WaitForAssertion(() => Assert.Contains($"Token {Short(codes[1])} is valid until", Dialogs.Find("[data-testid=extend-current]").TextContent, StringComparison.Ordinal));
        Assert.Contains($"Extend token {Short(codes[1])}", Dialogs.Markup, StringComparison.Ordinal);
        Popovers.WaitForAssertion(() => Assert.Empty(Popovers.FindAll(".mud-menu-item")));
    }

    [Fact]
    public async Task Viewers_see_the_tokens_without_create_select_or_revoke()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var viewer = await Factory.StaffAsync(StaffRole.Viewer);
        var video = await Factory.VideoAsync(title: "Read only");
        await CreateTokensAsync(editor, video.Id, 2);

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, viewer).Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Equal(2, ShownCodes(cut).Count));
        Assert.Empty(cut.FindAll("[data-testid=token-new]"));
        Assert.Empty(cut.FindAll("[data-testid=token-grid] input[type=checkbox]"));
    }

    [Fact]
    public async Task Bulk_revoke_revokes_the_selected_tokens_after_confirmation()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Bulk");
        var codes = await CreateTokensAsync(editor, video.Id, 3);
        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Equal(3, ShownCodes(cut).Count));

        // Row checkboxes follow the header's select-all box; pick the two newest.
        var boxes = cut.FindAll("[data-testid=token-grid] tbody input[type=checkbox]");
        boxes[0].Change(true);
        cut.FindAll("[data-testid=token-grid] tbody input[type=checkbox]")[1].Change(true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=token-revoke-selected]").Click());
        Dialogs.WaitForAssertion(() => Dialogs.Find("[data-testid=confirm]").Click());

        await EventuallyAsync(async () =>
        {
            var statuses = new List<TokenStatus>();
            foreach (var c in codes)
            {
                statuses.Add((await Tokens.GetAsync(editor, video.Id, c)).Value!.Status);
            }
            Assert.Equal([TokenStatus.Active, TokenStatus.Expired, TokenStatus.Expired], statuses);
        });
    }

    [Fact]
    public async Task Extend_adds_time_to_the_current_expiry()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Extend");
        var token = (await Tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 3600L })).Value!;
        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Single(ShownCodes(cut)));

        await cut.InvokeAsync(() => cut.Find("[data-testid=token-menu] button").Click());
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Extend time to live", StringComparison.Ordinal)).Click());
        Dialogs.WaitForAssertion(() => Dialogs.Find("[data-testid=extend-dialog]"));
        Dialogs.Find("input[data-testid=extend-amount]").Input("2");
        await Dialogs.InvokeAsync(() => Dialogs.Find("[data-testid=extend-confirm]").Click());

        await EventuallyAsync(async () => Assert.Equal(token.ValidUntil!.Value.AddDays(2), (await Tokens.GetAsync(editor, video.Id, token.Code)).Value!.ValidUntil));
    }

    [Fact]
    public async Task Details_show_the_history_with_playbacks()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Details");
        var token = (await Tokens.CreateAsync(editor, video.Id, new TokenChanges())).Value!;
        await Tokens.RevokeAsync(editor, video.Id, token.Code);
        await using (var db = await Factory.DbAsync())
        {
            db.PlaybackRecords.Add(new AdminPortal.Web.Playback.PlaybackRecord
            {
                AccessTokenId = db.AccessTokens.Single(t => t.Code == token.Code).Id,
                VideoId = video.Id,
                At = Factory.Clock.GetUtcNow().UtcDateTime,
                IpAddress = "192.0.2.44",
                UserAgent = "Firefox",
                Referrer = "https://school.test/lesson",
            });
            await db.SaveChangesAsync();
        }
        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Single(ShownCodes(cut)));

        await cut.InvokeAsync(() => cut.Find("[data-testid=token-details]").Click());

        Dialogs.WaitForAssertion(() =>
        {
            var history = Dialogs.Find("[data-testid=token-history]").TextContent;
            Assert.Contains("Created", history, StringComparison.Ordinal);
            Assert.Contains("Revoked", history, StringComparison.Ordinal);
            Assert.Contains("Played", history, StringComparison.Ordinal);
            Assert.Contains("192.0.2.44", history, StringComparison.Ordinal);
            Assert.Contains("https://school.test/lesson", history, StringComparison.Ordinal);
        });
    }

    private async Task<List<Guid>> CreateTokensAsync(Actor actor, string videoId, int count)
    {
        var codes = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            Factory.Clock.Advance(TimeSpan.FromSeconds(1));
            codes.Add((await Tokens.CreateAsync(actor, videoId, new TokenChanges())).Value!.Code);
        }
        return codes;
    }

    private static string Short(Guid code) => code.ToString("D")[..8];

    private static List<string> ShownCodes(IRenderedComponent<TokenGrid> cut) =>
        cut.FindAll("[data-testid=token-code]").Select(e => e.TextContent.Trim()).ToList();
}
