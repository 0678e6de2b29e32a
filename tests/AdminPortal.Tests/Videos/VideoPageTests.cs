using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Bunit;

namespace AdminPortal.Tests.Videos;

public sealed class VideoPageTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task Shows_the_video_with_a_signed_media_url_the_chart_and_the_token_grid()
    {
        var viewer = await Factory.StaffAsync(StaffRole.Viewer);
        var video = await Factory.VideoAsync(title: "Orientation <b>week</b>");
        SignInAs(viewer);

        var cut = RenderWithProviders<VideoPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Equal("Orientation <b>week</b>", cut.Find("[data-testid=video-heading]").TextContent));
        Assert.Matches($"^/media/{video.Id}\\?expires=\\d+&signature=[A-Za-z0-9_-]+$", cut.Find("video[data-testid=video-player]").GetAttribute("src"));
        Assert.NotNull(cut.Find("[data-testid=playback-chart]"));
        Assert.NotNull(cut.Find("[data-testid=token-grid]"));
        Assert.Empty(cut.FindAll("[data-testid=token-new]")); // a Viewer cannot create tokens
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
