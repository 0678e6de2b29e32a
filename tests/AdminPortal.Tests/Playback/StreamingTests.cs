using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

/// <summary>The session's playlists, its key and the signed segments, over real HTTP.</summary>
public sealed class StreamingTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private ViewerKit Kit => new(factory);

    private async Task<byte[]> VideoKeyAsync(string videoId)
    {
        await using var db = await factory.DbAsync();
        var protectedKey = await db.Videos.Where(v => v.Id == videoId).Select(v => v.ProtectedKey).SingleAsync();
        return factory.Service<VideoKeys>().Unprotect(protectedKey!);
    }

    [Fact]
    public async Task A_live_session_gets_the_key_and_its_segments_decrypt_to_mpeg_ts()
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);

        var (_, key, segments) = await Kit.PlaylistsAsync(session);
        using var keyResponse = await Kit.GetAsync(key);
        var segment = await Kit.GetAsync(segments[1]);

        Assert.Equal(HttpStatusCode.OK, keyResponse.StatusCode);
        Assert.Equal("no-store", keyResponse.Headers.CacheControl!.ToString());
        var bytes = await keyResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(16, bytes.Length);
        Assert.Equal(await VideoKeyAsync(video.Id), bytes);
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Equal("video/mp2t", segment.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", segment.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("bytes", segment.Headers.AcceptRanges.Single());
        using var aes = Aes.Create();
        aes.Key = bytes;
        var clear = aes.DecryptCbc(await segment.Content.ReadAsByteArrayAsync(), HlsPackage.SequenceIv(1));
        Assert.Equal(0, clear.Length % 188);
        Assert.All(Enumerable.Range(0, clear.Length / 188), i => Assert.Equal(0x47, clear[i * 188]));
    }

    [Fact]
    public async Task Playlists_name_the_key_and_segments_and_nothing_else_is_reachable()
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);

        var (_, master) = await Kit.GetTextAsync(session.Master);
        var (variant, key, segments) = await Kit.PlaylistsAsync(session);

        Assert.StartsWith("#EXTM3U", master, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(master, "#EXT-X-STREAM-INF"));
        Assert.Contains($"/hls/{video.Id}/key?s={session.SessionId}&c={session.Credential}", key, StringComparison.Ordinal);
        Assert.All(segments, s => Assert.Matches($"^/hls/{video.Id}/360p/seg-\\d{{5}}\\.ts\\?expires=\\d+&signature=[A-Za-z0-9_-]+$", s));
        // Files exist under the media folder, but not without a signature or a session.
        foreach (var bare in new[] { $"/hls/{video.Id}/360p/seg-00000.ts", $"/hls/{video.Id}/master.m3u8", $"/hls/{video.Id}/360p/index.m3u8",
                     $"/hls/{video.Id}/key", $"/media/{video.Id}", $"/hls/{video.Id}/360p/index.m3u8?expires=9999999999&signature=x" })
        {
            var status = (await Kit.GetAsync(bare)).StatusCode;
            // 403, or for the old whole-file path the portal's sign-in redirect: never the bytes.
            Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Found, $"{bare} answered {status}");
        }
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(variant)).StatusCode);
    }

    [Fact]
    public async Task Segments_refuse_a_bad_expired_or_borrowed_signature()
    {
        var (video, token) = await Kit.TokenAsync();
        var other = await factory.VideoAsync(title: "Other");
        var session = await Kit.StartedAsync(video.Id, token.Code);
        var (_, _, segments) = await Kit.PlaylistsAsync(session);
        var good = segments[0];
        var tampered = Regex.Replace(good, "signature=.", "signature=A");
        var longer = Regex.Replace(good, "expires=(\\d+)", m => "expires=" + (long.Parse(m.Groups[1].Value) + 3600));
        var anotherSegment = good.Replace("seg-00000", "seg-00001", StringComparison.Ordinal);
        var anotherVideo = good.Replace(video.Id, other.Id, StringComparison.Ordinal);
        var escaping = good.Replace("seg-00000.ts", "..%2F..%2Fportal.db", StringComparison.Ordinal);

        foreach (var url in new[] { tampered, longer, anotherSegment, anotherVideo, escaping, good.Split('?')[0] + "?expires=abc&signature=xyz" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(good)).StatusCode);

        // The signature outlives the session start by the video's length plus the margin (rounded up to the hour), then not.
        factory.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(good)).StatusCode);
    }

    [Fact]
    public async Task Segment_range_request_answers_206_with_exactly_those_bytes()
    {
        var (video, token) = await Kit.TokenAsync();
        var (_, _, segments) = await Kit.PlaylistsAsync(await Kit.StartedAsync(video.Id, token.Code));
        var whole = await (await Kit.GetAsync(segments[0])).Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, segments[0]);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1000, 1999);

        var response = await factory.Browser().SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole[1000..2000], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Key_is_refused_without_a_session_for_another_videos_session_a_tampered_credential_or_an_ended_session()
    {
        var (video, token) = await Kit.TokenAsync();
        var (otherVideo, otherToken) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);
        var otherSession = await Kit.StartedAsync(otherVideo.Id, otherToken.Code);
        var (_, key, _) = await Kit.PlaylistsAsync(session);
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync($"/hls/{video.Id}/key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync($"/hls/{video.Id}/key?s=nosuchsession&c={session.Credential}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync($"/hls/{video.Id}/key?s={otherSession.SessionId}&c={otherSession.Credential}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync($"/hls/{video.Id}/key?s={session.SessionId}&c={otherSession.Credential}")).StatusCode);

        // The player closes: the session ends, and its copied playlist and key URL die with it.
        var (ended, _) = await Kit.HeartbeatAsync(session.Heartbeat, new { position = 3.0, watched = 3.0, ended = true });
        Assert.Equal(HttpStatusCode.OK, ended);
        // A beat sent before the close that arrives after it is acknowledged as closed, and revives nothing.
        var (late, lateBody) = await Kit.HeartbeatAsync(session.Heartbeat, new { position = 2.0, watched = 2.0, ended = false });
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.Equal("closed", lateBody.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(session.Master)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync($"/hls/{otherVideo.Id}/key?s={otherSession.SessionId}&c={otherSession.Credential}")).StatusCode);
    }

    [Fact]
    public async Task A_silent_session_loses_its_key_and_a_heartbeat_brings_it_back()
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);
        var (_, key, _) = await Kit.PlaylistsAsync(session);

        factory.Clock.Advance(PlaybackService.SilenceLimit + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(key)).StatusCode);

        var (status, body) = await Kit.HeartbeatAsync(session.Heartbeat, new { position = 8.5, watched = 8.0, ended = false });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("live", body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(key)).StatusCode);
        await using var db = await factory.DbAsync();
        var stored = await db.PlaybackSessions.SingleAsync(s => s.Id == session.SessionId);
        Assert.Equal(8.0, stored.SecondsWatched);
        Assert.Equal(8.5, stored.FurthestPosition);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.LastSeenAt);
    }

    [Fact]
    public async Task Revoking_the_token_ends_its_session_at_the_next_heartbeat_but_expiry_by_time_does_not()
    {
        var (video, revokedToken) = await Kit.TokenAsync();
        var (expiringVideo, expiringToken) = await Kit.TokenAsync(new TokenChanges { TimeToLive = 30L });
        var revoked = await Kit.StartedAsync(video.Id, revokedToken.Code);
        var expiring = await Kit.StartedAsync(expiringVideo.Id, expiringToken.Code);
        var (_, revokedKey, _) = await Kit.PlaylistsAsync(revoked);
        var (_, expiringKey, expiringSegments) = await Kit.PlaylistsAsync(expiring);

        await factory.Service<TokenService>().RevokeAsync(await factory.AdminAsync(), video.Id, revokedToken.Code);
        factory.Clock.Advance(TimeSpan.FromSeconds(40));

        var (status, body) = await Kit.HeartbeatAsync(revoked.Heartbeat);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Revoked", body.GetProperty("reason").GetString());
        Assert.Equal("This link was revoked.", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.GetAsync(revokedKey)).StatusCode);

        // The expired token's started playback goes on; a new page load is refused.
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(expiring.Heartbeat)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(expiringKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(expiringSegments[^1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.LoadAsync(ViewerKit.Url(expiringVideo.Id, expiringToken.Code))).Status);
        await using var db = await factory.DbAsync();
        Assert.Equal(SessionEndReason.Revoked, (await db.PlaybackSessions.SingleAsync(s => s.Id == revoked.SessionId)).EndReason);
    }

    [Fact]
    public async Task A_forged_or_stale_ticket_starts_nothing()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var ticket = await Kit.TicketAsync(video.Id, token.Code);
        var forged = $"{token.Code:N}.{video.Id}.1.9999999999.{ticket.Split('.')[^1]}";

        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.StartAsync(forged)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.StartAsync(null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.StartAsync("nonsense")).Status);
        factory.Clock.Advance(PlaybackService.TicketLifetime + TimeSpan.FromMinutes(1));
        var (status, body) = await Kit.StartAsync(ticket);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("StalePage", body.GetProperty("reason").GetString());
        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.UseCount).SingleAsync());
    }

    [Fact]
    public async Task Staff_preview_sessions_play_through_the_same_pipeline_and_spend_no_use()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var stream = await factory.Service<PlaybackService>().StartStaffStreamAsync(await factory.AdminAsync(), video.Id, "http://localhost/");
        Assert.NotNull(stream);
        var outsider = await factory.StaffAsync(Web.Staff.StaffRole.Admin, "elsewhere");
        Assert.Null(await factory.Service<PlaybackService>().StartStaffStreamAsync(outsider, video.Id, "http://localhost/"));

        var session = new StartedSession(new Uri(stream.Master).PathAndQuery, new Uri(stream.Heartbeat).PathAndQuery);
        var (_, key, segments) = await Kit.PlaylistsAsync(session);

        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Kit.GetAsync(segments[0])).StatusCode);
        await using var db = await factory.DbAsync();
        Assert.True((await db.PlaybackSessions.SingleAsync(s => s.Id == session.SessionId)).IsStaffPreview);
        Assert.Equal(0, await db.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.UseCount).SingleAsync());
    }

    [Theory]
    [InlineData("{\"position\": \"far\"}")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task A_malformed_heartbeat_is_a_400_and_changes_nothing(string body)
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);
        factory.Clock.Advance(TimeSpan.FromSeconds(10));

        using var response = await factory.Browser().PostAsync(session.Heartbeat, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await factory.DbAsync();
        var stored = await db.PlaybackSessions.SingleAsync(s => s.Id == session.SessionId);
        Assert.Equal(stored.StartedAt, stored.LastSeenAt);
    }

    [Theory]
    [InlineData("text/plain", "{\"ticket\": \"x\"}")]
    [InlineData("application/json", "{\"ticket\": 5}")]
    [InlineData("application/json", "{")]
    public async Task A_malformed_session_start_is_a_400(string contentType, string body)
    {
        using var response = await factory.Browser().PostAsync("/play/sessions", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Heartbeats_of_an_unknown_session_or_with_a_wrong_credential_are_refused()
    {
        var (video, token) = await Kit.TokenAsync();
        var session = await Kit.StartedAsync(video.Id, token.Code);

        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.HeartbeatAsync($"/play/sessions/nosuchsession/heartbeat?c={session.Credential}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.HeartbeatAsync($"/play/sessions/{session.SessionId}/heartbeat?c=wrong")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.HeartbeatAsync($"/play/sessions/{session.SessionId}/heartbeat")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(session.Heartbeat)).Status);
    }
}
