using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Tests.Playback;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using AdminPortal.Web.Webhooks;
using static AdminPortal.Tests.Api.ApiKit;
using static AdminPortal.Tests.Webhooks.WebhookKit;

namespace AdminPortal.Tests.Webhooks;

/// <summary>Playback and video events, from the viewer's real requests (and the packaging worker) to the receiver.</summary>
public sealed class PlaybackEventTests(LocalWebhooksFixture fixture) : IClassFixture<LocalWebhooksFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Plays_refusals_and_ends_arrive_with_their_reasons_and_watch_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, admin) = await StaffClientAsync(factory, StaffRole.Admin, PortalFactory.OrgCode);
        await AddEndpointAsync(admin, PortalFactory.OrgCode, receiver.Url, WebhookEvents.PlaybackStarted, WebhookEvents.PlaybackRefused, WebhookEvents.PlaybackEnded);
        var viewer = new ViewerKit(factory);

        // A single-use token plays once: started; a later load is refused as used.
        var (video, single) = await viewer.TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var session = await viewer.StartedAsync(video.Id, single.Code);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.LoadAsync(ViewerKit.Url(video.Id, single.Code))).Status);
        // It closes after 5 s of watching: ended, with its watch time.
        factory.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await viewer.HeartbeatAsync(session.Heartbeat, new { position = 5.5, watched = 5.0, ended = true })).Status);

        // A revoked token is refused as revoked; one bound to other networks as not allowed there.
        var (_, revoked) = await viewer.TokenAsync();
        Assert.True((await factory.Service<TokenService>().RevokeAsync(await factory.AdminAsync(), revoked.VideoId, revoked.Code)).IsOk);
        await viewer.LoadAsync(ViewerKit.Url(revoked.VideoId, revoked.Code));
        var (_, fenced) = await viewer.TokenAsync(new TokenChanges { AllowedIps = new Optional<IReadOnlyList<string>>(true, ["203.0.113.0/24"]) });
        await viewer.LoadAsync(ViewerKit.Url(fenced.VideoId, fenced.Code));

        // A viewer who goes quiet for longer than the silence limit: ended, as silent.
        var (quietVideo, reusable) = await viewer.TokenAsync();
        var quiet = await viewer.StartedAsync(quietVideo.Id, reusable.Code);
        factory.Clock.Advance(PlaybackService.SilenceLimit + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await factory.Service<PlaybackService>().AnnounceSilentEndsAsync());
        Assert.Equal(0, await factory.Service<PlaybackService>().AnnounceSilentEndsAsync());

        var got = await receiver.WaitAsync(all => all.Count >= 7);
        JsonNode Data(string type, Guid code) => got.Single(d => d.Type == type && d.Json["data"]!["code"]!.GetValue<string>() == code.ToString()).Json["data"]!;
        Assert.Equal(session.SessionId, Data(WebhookEvents.PlaybackStarted, single.Code)["session_id"]!.GetValue<string>());
        var used = Data(WebhookEvents.PlaybackRefused, single.Code);
        Assert.Equal(("used", "page_load"), (used["reason"]!.GetValue<string>(), used["stage"]!.GetValue<string>()));
        var ended = Data(WebhookEvents.PlaybackEnded, single.Code);
        Assert.Equal(("closed", 5.0, 5.5), (ended["reason"]!.GetValue<string>(), ended["seconds_watched"]!.GetValue<double>(), ended["furthest_position"]!.GetValue<double>()));
        Assert.Equal("revoked", Data(WebhookEvents.PlaybackRefused, revoked.Code)["reason"]!.GetValue<string>());
        Assert.Equal("network_not_allowed", Data(WebhookEvents.PlaybackRefused, fenced.Code)["reason"]!.GetValue<string>());
        Assert.Equal("silent", Data(WebhookEvents.PlaybackEnded, reusable.Code)["reason"]!.GetValue<string>());
        Assert.Equal(quiet.SessionId, Data(WebhookEvents.PlaybackEnded, reusable.Code)["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_video_that_cannot_be_processed_sends_video_failed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.VideoReady, WebhookEvents.VideoFailed);
        var id = VideoIds.New();
        await using (var db = await factory.DbAsync())
        {
            // Its upload is gone: the worker fails it at once, without running ffmpeg.
            db.Videos.Add(new Video
            {
                Id = id,
                OrganizationId = admin.OrganizationId,
                Title = "Lost upload",
                MediaFile = id + ".source.mp4",
                ContentType = "video/mp4",
                Status = VideoStatus.Processing,
                ProtectedKey = factory.Service<VideoKeys>().New().Protected,
                CreatedAt = factory.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }
        factory.Service<PackagingWorker>().Wake();

        var failed = (await receiver.WaitAsync(all => all.Count >= 1))[0];
        Assert.Equal(WebhookEvents.VideoFailed, failed.Type);
        Assert.Equal(id, failed.Json["data"]!["asset_id"]!.GetValue<string>());
        Assert.Contains("missing", failed.Json["data"]!["failure_reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
