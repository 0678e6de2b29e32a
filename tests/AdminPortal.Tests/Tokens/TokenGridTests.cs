using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;

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
        cut.Find("button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(codes.Take(5).Reverse().Select(Short), ShownCodes(cut)));
    }

    [Fact]
    public async Task Active_and_expired_filters_show_only_those_tokens()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Filter");
        var codes = await CreateTokensAsync(editor, video.Id, 4);
        await Tokens.RevokeManyAsync(editor, video.Id, [codes[0], codes[2]]);

        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Equal(4, ShownCodes(cut).Count));

        cut.FindAll("[data-testid=token-filter] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Active").Click();
        cut.WaitForAssertion(() => Assert.Equal(new[] { codes[3], codes[1] }.Select(Short), ShownCodes(cut)));

        cut.FindAll("[data-testid=token-filter] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Expired").Click();
        cut.WaitForAssertion(() => Assert.Equal(new[] { codes[2], codes[0] }.Select(Short), ShownCodes(cut)));
        Assert.All(cut.FindAll("[data-testid=token-status]"), chip => Assert.Equal("Expired", chip.TextContent.Trim()));
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

        cut.Find("[data-testid=token-menu] button").Click();
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Extend time to live", StringComparison.Ordinal)).Click());
        Dialogs.WaitForAssertion(() => Dialogs.Find("[data-testid=extend-dialog]"));
        Dialogs.Find("input[data-testid=extend-amount]").Input("2");
        Dialogs.Find("[data-testid=extend-confirm]").Click();

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

        cut.Find("[data-testid=token-details]").Click();

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
