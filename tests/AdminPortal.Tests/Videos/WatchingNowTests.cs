using AdminPortal.Tests.Infrastructure;
using AdminPortal.Tests.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Bunit;

namespace AdminPortal.Tests.Videos;

/// <summary>The video page's "Watching now" and the grid's column, fed by real viewer sessions.</summary>
public sealed class WatchingNowTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task Watching_now_goes_up_and_down_without_a_reload()
    {
        var kit = new ViewerKit(Factory);
        var (video, token) = await kit.TokenAsync();
        var first = await kit.StartedAsync(video.Id, token.Code);
        await kit.HeartbeatAsync(first.Heartbeat, new { position = (double)video.DurationSeconds / 2, watched = 30.0, ended = false });
        SignInAs(await Factory.StaffAsync(StaffRole.Viewer));

        var cut = RenderWithProviders<VideoPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1", cut.Find("[data-testid=watching-now-count]").TextContent);
            Assert.Equal("1", cut.Find("[data-testid=token-watching]").TextContent);
            Assert.Equal("50%", cut.Find("[data-testid=average-completion]").TextContent);
        });

        await kit.StartedAsync(video.Id, token.Code);
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=watching-now-count]").TextContent), TimeSpan.FromSeconds(15));

        await kit.HeartbeatAsync(first.Heartbeat, new { position = 1.0, watched = 31.0, ended = true });
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=watching-now-count]").TextContent), TimeSpan.FromSeconds(15));
    }
}
