using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Playback;

/// <summary>Staff's view of viewers over real playback: the token's sessions, "Stop this viewer", and who is watching now.</summary>
public sealed class ViewerSessionTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private ViewerKit Kit => new(factory);
    private ViewerSessionService Sessions => factory.Service<ViewerSessionService>();

    [Fact]
    public async Task Token_sessions_list_watch_time_and_stopping_one_viewer_ends_only_that_playback()
    {
        var admin = await factory.AdminAsync();
        var (video, token) = await Kit.TokenAsync();
        var first = await Kit.StartedAsync(video.Id, token.Code);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Kit.StartedAsync(video.Id, token.Code);
        var (_, secondKey, _) = await Kit.PlaylistsAsync(second);
        factory.Clock.Advance(TimeSpan.FromSeconds(15));
        await Kit.HeartbeatAsync(second.Heartbeat, new { position = 4.0, watched = 4.0, ended = false });

        var listed = (await Sessions.TokenSessionsAsync(admin, video.Id, token.Code)).Value!;
        Assert.Equal(2, listed.TotalCount);
        Assert.Equal([second.SessionId, first.SessionId], listed.Items.Select(s => s.Id));
        Assert.Equal(4.0, listed.Items[0].SecondsWatched);
        Assert.True(listed.Items.All(s => s.IsLive));

        Assert.True((await Sessions.StopAsync(admin, second.SessionId)).IsOk);

        var (status, body) = await Kit.HeartbeatAsync(second.Heartbeat);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Stopped", body.GetProperty("reason").GetString());
        Assert.Equal("This playback was stopped by the video's owner.", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(secondKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(first.Heartbeat)).Status);
        var after = (await Sessions.TokenSessionsAsync(admin, video.Id, token.Code)).Value!.Items;
        Assert.Equal(SessionEndReason.Stopped, after.Single(s => s.Id == second.SessionId).EndReason);
        Assert.False(after.Single(s => s.Id == second.SessionId).IsLive);
    }

    [Fact]
    public async Task Stopping_needs_an_editor_of_the_same_organization()
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);
        var viewer = await factory.StaffAsync(StaffRole.Viewer);
        var stranger = await factory.StaffAsync(StaffRole.Admin, "o" + Guid.NewGuid().ToString("N")[..10]);

        Assert.Equal(ResultStatus.Forbidden, (await Sessions.StopAsync(viewer, session.SessionId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Sessions.StopAsync(stranger, session.SessionId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Sessions.TokenSessionsAsync(stranger, video.Id, token.Code)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(session.Heartbeat)).Status);
    }

    [Fact]
    public async Task Watching_now_counts_live_viewers_and_drops_the_silent_and_the_closed()
    {
        var admin = await factory.AdminAsync();
        var (video, token) = await Kit.TokenAsync();
        var other = (await factory.Service<Web.Tokens.TokenService>().CreateAsync(admin, video.Id, new Web.Tokens.TokenChanges())).Value!;
        var a = await Kit.StartedAsync(video.Id, token.Code);
        var b = await Kit.StartedAsync(video.Id, token.Code);
        var c = await Kit.StartedAsync(video.Id, other.Code);
        await factory.Service<PlaybackService>().StartStaffPreviewAsync(admin, video.Id, new Viewer(null, null, null));

        var summary = (await Sessions.SummaryAsync(admin, video.Id)).Value!;
        Assert.Equal(3, summary.WatchingNow);
        var byToken = await Sessions.WatchingNowByTokenAsync(admin, video.Id, [token.Code, other.Code]);
        Assert.Equal(2, byToken[token.Code]);
        Assert.Equal(1, byToken[other.Code]);

        await Kit.HeartbeatAsync(a.Heartbeat, new { position = (double)video.DurationSeconds, watched = 10.0, ended = true });
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await Kit.HeartbeatAsync(b.Heartbeat, new { position = 0.0, watched = 6.0, ended = false });
        factory.Clock.Advance(TimeSpan.FromSeconds(20));

        summary = (await Sessions.SummaryAsync(admin, video.Id)).Value!;
        Assert.Equal(1, summary.WatchingNow);
        Assert.Equal(3, summary.Sessions);
        Assert.Equal(16.0, summary.SecondsWatched);
        Assert.Equal(1.0 / 3, summary.AverageCompletion, 3);
        Assert.False((await Sessions.WatchingNowByTokenAsync(admin, video.Id, [other.Code])).ContainsKey(other.Code));
        _ = c;
    }
}
