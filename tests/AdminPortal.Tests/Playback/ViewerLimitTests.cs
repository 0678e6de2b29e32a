using System.Net;
using System.Net.Http.Json;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

/// <summary>max_concurrent_viewers over real HTTP: refusals in the player's words, slots freed by silence or closing, and the race.</summary>
public sealed class ViewerLimitTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private ViewerKit Kit => new(factory);

    [Fact]
    public async Task A_start_beyond_the_limit_is_refused_in_plain_words_and_counts_no_use()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { MaxConcurrentViewers = 2L });
        var ticket = await Kit.TicketAsync(video.Id, token.Code);
        Assert.Equal(HttpStatusCode.Created, (await Kit.StartAsync(ticket)).Status);
        Assert.Equal(HttpStatusCode.Created, (await Kit.StartAsync(ticket)).Status);

        var (status, body) = await Kit.StartAsync(await Kit.TicketAsync(video.Id, token.Code));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("TooManyViewers", body.GetProperty("reason").GetString());
        Assert.StartsWith("This link is already playing on 2 devices.", body.GetProperty("message").GetString());
        await using var db = await factory.DbAsync();
        Assert.Equal(2, (await db.AccessTokens.SingleAsync(t => t.Code == token.Code)).UseCount);
    }

    [Fact]
    public async Task A_session_silent_for_45_seconds_frees_its_slot_and_a_closed_one_frees_it_at_once()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { MaxConcurrentViewers = 1L });
        var first = await Kit.StartedAsync(video.Id, token.Code);
        var (refused, body) = await Kit.StartAsync(await Kit.TicketAsync(video.Id, token.Code));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.StartsWith("This link is already playing on another device.", body.GetProperty("message").GetString());

        // Still heartbeating at 44 s: the slot stays taken.
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(first.Heartbeat)).Status);
        factory.Clock.Advance(PlaybackService.SilenceLimit - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await Kit.StartAsync(await Kit.TicketAsync(video.Id, token.Code))).Status);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await Kit.StartedAsync(video.Id, token.Code);

        // Closing the page ends the session, so the next viewer need not wait.
        Assert.Equal(HttpStatusCode.OK, (await Kit.HeartbeatAsync(second.Heartbeat, new { position = 3.0, watched = 3.0, ended = true })).Status);
        await Kit.StartedAsync(video.Id, token.Code);
    }

    [Fact]
    public async Task A_hundred_concurrent_starts_against_a_limit_of_three_open_exactly_three_sessions()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { MaxConcurrentViewers = 3L });
        var ticket = await Kit.TicketAsync(video.Id, token.Code);
        var client = factory.Browser();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/play/sessions", new { ticket });
            return response.StatusCode;
        }));

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(97, statuses.Count(s => s == HttpStatusCode.Forbidden));
        await using var db = await factory.DbAsync();
        var tokenId = (await db.AccessTokens.SingleAsync(t => t.Code == token.Code)).Id;
        Assert.Equal(3, await db.PlaybackSessions.CountAsync(s => s.AccessTokenId == tokenId));
        Assert.Equal(3, (await db.AccessTokens.SingleAsync(t => t.Id == tokenId)).UseCount);
    }

    [Fact]
    public async Task Staff_previews_and_other_tokens_sessions_take_no_slot()
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { MaxConcurrentViewers = 1L });
        var other = await factory.Service<TokenService>().CreateAsync(await factory.AdminAsync(), video.Id, new TokenChanges());
        await Kit.StartedAsync(video.Id, other.Value!.Code);
        Assert.NotNull(await factory.Service<PlaybackService>().StartStaffPreviewAsync(await factory.AdminAsync(), video.Id, new Viewer(null, null, null)));

        await Kit.StartedAsync(video.Id, token.Code);
    }
}
