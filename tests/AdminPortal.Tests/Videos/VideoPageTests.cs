using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Videos;

public sealed class VideoPageTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task Shows_the_video_through_a_staff_preview_session_the_chart_and_the_token_grid()
    {
        var viewer = await Factory.StaffAsync(StaffRole.Viewer);
        var video = await Factory.VideoAsync(title: "Orientation <b>week</b>");
        SignInAs(viewer);

        var cut = RenderWithProviders<VideoPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Equal("Orientation <b>week</b>", cut.Find("[data-testid=video-heading]").TextContent));
        // No media URL in the markup: the script plays the stream of a staff session opened for this page.
        Assert.Null(cut.Find("video[data-testid=video-player]").GetAttribute("src"));
        cut.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "start"));
        var start = JSInterop.Invocations.Single(i => i.Identifier == "start");
        var stream = Assert.IsType<StaffStream>(start.Arguments[1]);
        Assert.Matches($"/hls/{video.Id}/master\\.m3u8\\?s=[A-Za-z0-9_-]+&c=[A-Za-z0-9_-]+$", stream.Master);
        await using var db = await Factory.DbAsync();
        Assert.True(await db.PlaybackSessions.AnyAsync(s => s.VideoId == video.Id && s.IsStaffPreview));
        Assert.NotNull(cut.Find("[data-testid=playback-chart]"));
        Assert.NotNull(cut.Find("[data-testid=token-grid]"));
        Assert.Empty(cut.FindAll("[data-testid=token-new]")); // a Viewer cannot create tokens
    }

    [Fact]
    public async Task Chart_plots_the_playbacks_of_the_last_30_days()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Watched");
        var token = (await Factory.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges())).Value!;
        await using (var db = await Factory.DbAsync())
        {
            var tokenId = db.AccessTokens.Single(t => t.Code == token.Code).Id;
            var now = Factory.Clock.GetUtcNow().UtcDateTime;
            db.PlaybackRecords.AddRange(new[] { now, now.AddDays(-3), now.AddDays(-3) }.Select(at => new PlaybackRecord { AccessTokenId = tokenId, VideoId = video.Id, At = at }));
            await db.SaveChangesAsync();
        }
        SignInAs(editor);

        var cut = RenderWithProviders<VideoPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Contains("3 in all", cut.Find("[data-testid=playback-chart]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("[data-testid=playback-chart] svg"));
        Assert.Empty(cut.FindAll("[data-testid=playback-chart-empty]"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unknown_or_other_organizations_video_is_a_friendly_not_found(bool otherOrganization)
    {
        var stranger = await Factory.StaffAsync(StaffRole.Admin, otherOrganization ? "another" : PortalFactory.OrgCode);
        var video = await Factory.VideoAsync(title: "Private");
        SignInAs(stranger);

        var cut = RenderWithProviders<VideoPage>(p => p.Add(c => c.VideoId, otherOrganization ? video.Id : VideoIds.New()));

        cut.WaitForAssertion(() => Assert.Contains("Video not found", cut.Find("[data-testid=video-not-found]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Private", cut.Markup, StringComparison.Ordinal);
    }
}
