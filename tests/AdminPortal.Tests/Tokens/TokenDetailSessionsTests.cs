using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Tests.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;

namespace AdminPortal.Tests.Tokens;

/// <summary>The token details' viewer list and its "Stop this viewer", over a real playback session.</summary>
public sealed class TokenDetailSessionsTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task Details_list_the_viewers_and_stop_this_viewer_ends_that_playback()
    {
        var kit = new ViewerKit(Factory);
        var (video, token) = await kit.TokenAsync();
        var session = await kit.StartedAsync(video.Id, token.Code);
        await kit.HeartbeatAsync(session.Heartbeat, new { position = 3.0, watched = 20.0, ended = false });
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        SignInAs(editor);
        var cut = RenderWithProviders<TokenGrid>(p => p.Add(c => c.Actor, editor).Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=token-watching]").TextContent));

        await cut.InvokeAsync(() => cut.Find("[data-testid=token-details]").Click());
        Dialogs.WaitForAssertion(() =>
        {
            var row = Dialogs.Find("[data-testid=token-session]").TextContent;
            Assert.Contains("0:20", row, StringComparison.Ordinal);
            Assert.Contains("Watching", row, StringComparison.Ordinal);
        });
        await Dialogs.InvokeAsync(() => Dialogs.Find("[data-testid=stop-viewer]").Click());

        Dialogs.WaitForAssertion(() => Assert.Equal("Ended: stopped by staff", Dialogs.Find("[data-testid=token-session-state]").TextContent));
        var (status, body) = await kit.HeartbeatAsync(session.Heartbeat);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Stopped", body.GetProperty("reason").GetString());
    }
}
