using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using AdminPortal.Web.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>Why a viewer cannot play; each has its own plain words (see <see cref="PlaybackService.RefusalText"/>).</summary>
public enum PlaybackRefusal
{
    /// <summary>Unknown or malformed code, or an unknown organization or video: 404.</summary>
    NotFound,
    Expired,
    UsedUp,
    Revoked,

    /// <summary>The code belongs to another video of the same organization.</summary>
    WrongVideo,

    /// <summary>The embedding site is not on the organization's list.</summary>
    SiteNotAllowed,

    /// <summary>The video is still processing, or failed.</summary>
    NotReady,

    /// <summary>The player page was open too long (its start ticket expired) or was forged.</summary>
    StalePage,

    /// <summary>The playback session is unknown, ended, silent too long, or the credential is wrong.</summary>
    SessionOver,

    /// <summary>The viewer's address is not on the token's allowed list.</summary>
    NetworkNotAllowed,

    /// <summary>The token already has as many live sessions as it allows.</summary>
    TooManyViewers,

    /// <summary>Staff stopped this session.</summary>
    Stopped,

    /// <summary>The organization is suspended by the platform's operator.</summary>
    Unavailable,
}

/// <summary>What a heartbeat is answered: the session lives on, was closed by its player, or is refused.</summary>
public sealed record HeartbeatAnswer(PlaybackRefusal? Refusal, bool IsClosed = false)
{
    public static readonly HeartbeatAnswer Live = new((PlaybackRefusal?)null);
    public static readonly HeartbeatAnswer Closed = new(null, IsClosed: true);
}

/// <summary>Who is watching, as recorded for each load and session.</summary>
public sealed record Viewer(string? IpAddress, string? UserAgent, string? Referrer);

/// <summary>What the player page shows, for a load that passed every check.</summary>
public sealed record PlayerModel(string Title, string? PosterPath, IReadOnlyList<PlayerAnnotation> Annotations, string Ticket, Organization Organization)
{
    /// <summary>A staff member trying the token from the portal: shown as such, and never counted as a use.</summary>
    public bool StaffPreview { get; init; }
}

/// <summary>A page load: a refusal, or the player.</summary>
public sealed record PageLoad(PlaybackRefusal? Refusal, PlayerModel? Player = null);

/// <summary>An opened session: its id and the credential only the player holds.</summary>
public sealed record SessionGrant(string SessionId, string Credential, string VideoId);

/// <summary>An attempted start: a refusal (with the token's viewer limit, when that was the reason), or the grant.</summary>
public sealed record SessionStart(PlaybackRefusal? Refusal, SessionGrant? Grant = null, int? Limit = null);

/// <summary>What a staff page's script needs to play a video through its own session.</summary>
public sealed record StaffStream(string Master, string Heartbeat, int HeartbeatSeconds);

/// <summary>What a heartbeat carries: the playhead and the seconds played so far in this session.</summary>
public sealed record Heartbeat(double Position, double Watched, bool Ended);

/// <summary>A live session's video, for serving its playlists.</summary>
public sealed record SessionVideo(string VideoId, int DurationSeconds, DateTime StartedAt);

/// <summary>
/// The viewer's path, in one place: checks a token for playback and the embedding site, records loads, opens
/// playback sessions (spending a single-use token then, and only then), keeps them alive, and hands the video's key
/// only to a live session of that video. Tokens' own rules come from <see cref="TokenStatusRule"/>.
/// </summary>
public sealed class PlaybackService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    MediaSigner signer,
    VideoKeys keys,
    OrganizationLogoService logos,
    GroupCommitWriter writer,
    WebhookOutbox outbox,
    PortalMetrics metrics,
    TimeProvider clock)
{
    /// <summary>The player sends a heartbeat this often while playing.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>A session not heard from for this long is over: its key is no longer served.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(45);

    /// <summary>How long a served player page may wait before its viewer presses play.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromHours(6);

    /// <summary>How long a staff "Try it" link stays a preview.</summary>
    public static readonly TimeSpan StaffPreviewLifetime = TimeSpan.FromHours(2);

    private const string StaffPreviewMark = "staff";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A load of the player page: checks the code against the video (and organization, when the URL names one), the token's
    /// status and the embedding site, and records the load. Spends nothing: a prefetch or a crawler costs no use.
    /// </summary>
    public async Task<PageLoad> LoadAsync(string? orgCode, string videoId, string? code, Viewer viewer, Func<Organization, bool> isSiteAllowed,
        string? staffPreview = null, CancellationToken cancellationToken = default)
    {
        var load = await CheckLoadAsync(orgCode, videoId, code, viewer, isSiteAllowed, staffPreview, cancellationToken);
        if (load.Refusal is { } refusal)
        {
            metrics.Refused(refusal, "load");
        }
        return load;
    }

    private async Task<PageLoad> CheckLoadAsync(string? orgCode, string videoId, string? code, Viewer viewer, Func<Organization, bool> isSiteAllowed,
        string? staffPreview, CancellationToken cancellationToken)
    {
        if (Tokens.TokenCodes.Parse(code) is not { } parsed || !VideoIds.IsWellFormed(videoId))
        {
            return new PageLoad(PlaybackRefusal.NotFound);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Code == parsed)
            .Select(t => new { Token = t, t.Video, Organization = t.Video!.Organization })
            .SingleOrDefaultAsync(cancellationToken);
        if (found?.Video is null || found.Organization is null
            || (orgCode is not null && !string.Equals(found.Organization.Code, orgCode, StringComparison.Ordinal)))
        {
            return new PageLoad(PlaybackRefusal.NotFound);
        }
        if (found.Organization.SuspendedAt is not null)
        {
            return new PageLoad(PlaybackRefusal.Unavailable);
        }
        var now = Now;
        var preview = IsStaffPreview(staffPreview, parsed);
        PlaybackRefusal? refusal = null;
        if (found.Token.VideoId != videoId)
        {
            // Only say "another video" when the asked-for video exists in the same organization; else it is simply unknown.
            var sameOrganization = await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == found.Token.OrganizationId, cancellationToken);
            if (!sameOrganization)
            {
                return new PageLoad(PlaybackRefusal.NotFound);
            }
            refusal = PlaybackRefusal.WrongVideo;
        }
        refusal ??= Refusal(TokenStatusRule.WhyInactive(found.Token, now))
            ?? (!TokenRules.AllowsAddress(found.Token.AllowedIps, viewer.IpAddress) ? PlaybackRefusal.NetworkNotAllowed
                : !isSiteAllowed(found.Organization) ? PlaybackRefusal.SiteNotAllowed
                : found.Video.Status != VideoStatus.Completed ? PlaybackRefusal.NotReady
                : null);
        if (refusal is { } refused)
        {
            if (!preview)
            {
                await RecordRefusalAsync(found.Token, refused, atStart: false, viewer, now, cancellationToken: cancellationToken);
            }
            return new PageLoad(refused);
        }
        if (preview)
        {
            // A staff preview is no viewer's load: nothing recorded, and its ticket starts a preview session.
            var previewPlayer = await PlayerAsync(db, found.Token, found.Video, found.Organization, viewer, now,
                $"{found.Token.Code:N}.{videoId}.0.{StaffPreviewMark}", cancellationToken);
            return new PageLoad(null, previewPlayer with { StaffPreview = true });
        }

        var record = new PlaybackRecord
        {
            AccessTokenId = found.Token.Id,
            VideoId = videoId,
            At = now,
            IpAddress = PlaybackRecord.Fit(viewer.IpAddress, PlaybackRecord.MaxIpAddressLength),
            UserAgent = PlaybackRecord.Fit(viewer.UserAgent, PlaybackRecord.MaxUserAgentLength),
            Referrer = PlaybackRecord.Fit(viewer.Referrer, PlaybackRecord.MaxReferrerLength),
        };
        db.PlaybackRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new PageLoad(null, await PlayerAsync(db, found.Token, found.Video, found.Organization, viewer, now,
            $"{found.Token.Code:N}.{videoId}.{record.Id}", cancellationToken));
    }

    private async Task<PlayerModel> PlayerAsync(AdminPortalDbContext db, AccessToken token, Video video, Organization organization, Viewer viewer,
        DateTime now, string ticketPayload, CancellationToken cancellationToken)
    {
        var ip = viewer.IpAddress ?? "unknown";
        var logo = token.Annotations.Any(a => a.IsLogo)
            ? await logos.PlayerUrlAsync(db, organization.Id, organization.Code, cancellationToken)
            : null;
        var annotations = PlayerAnnotation.List(token.Annotations
            .Select(a => PlayerAnnotation.From(a, text => WatermarkPlaceholders.Fill(text, ip, now, token.Code, token.Viewer), logo)));
        // The ticket lets only a page that passed these checks start a session, for this token and video.
        var ticket = signer.Ticket(ticketPayload, TicketLifetime);
        return new PlayerModel(video.Title, MediaStore.ThumbnailUrl(video), annotations, ticket, organization);
    }

    /// <summary>The value a staff page adds to a token's playback URL (<c>staff_preview=</c>) so that trying it counts as no use.</summary>
    public string StaffPreviewValue(Guid code) => signer.Ticket($"preview.{code:N}", StaffPreviewLifetime);

    private bool IsStaffPreview(string? value, Guid code) =>
        value is not null && string.Equals(signer.ReadTicket(value), $"preview.{code:N}", StringComparison.Ordinal);

    /// <summary>
    /// Records a refused load or session start of a known token, so staff can see why a link failed. It rides the
    /// batched writer with the other viewer writes: no commit of its own on the player's path.
    /// </summary>
    private async Task RecordRefusalAsync(AccessToken token, PlaybackRefusal reason, bool atStart, Viewer viewer, DateTime at,
        int? limit = null, CancellationToken cancellationToken = default)
    {
        var ip = PlaybackRecord.Fit(viewer.IpAddress, PlaybackRecord.MaxIpAddressLength);
        var userAgent = PlaybackRecord.Fit(viewer.UserAgent, PlaybackRecord.MaxUserAgentLength);
        var referrer = PlaybackRecord.Fit(viewer.Referrer, PlaybackRecord.MaxReferrerLength);
        var announce = RefusalReason(reason) is { } why && await outbox.WantsAsync(token.OrganizationId, WebhookEvents.PlaybackRefused, cancellationToken)
            ? new
            {
                code = token.Code,
                asset_id = token.VideoId,
                reason = why,
                stage = atStart ? SessionStartStage : PageLoadStage,
                at = ApiAccess.ApiJson.FormatTime(at),
                ip_address = ip,
                user_agent = userAgent,
                referrer,
            }
            : null;
        try
        {
            await writer.WriteAsync(batch =>
            {
                batch.RefusedPlaybacks.Add(new RefusedPlayback
                {
                    AccessTokenId = token.Id,
                    VideoId = token.VideoId,
                    At = at,
                    Reason = reason,
                    AtStart = atStart,
                    Limit = limit,
                    IpAddress = ip,
                    UserAgent = userAgent,
                    Referrer = referrer,
                });
                // The event rides the same batch as the record: both are committed or neither.
                if (announce is not null)
                {
                    outbox.Stage(batch, token.OrganizationId, WebhookEvents.PlaybackRefused, announce, at);
                }
                return Task.FromResult(true);
            }).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The token was deleted meanwhile (with its video): nothing left to record against.
        }
    }

    /// <summary>
    /// The viewer pressed play (or autoplay began): opens a session. This is where a use is counted and a single-use token
    /// spent, by a conditional UPDATE on the active rule, so of concurrent starts exactly one wins.
    /// </summary>
    public async Task<SessionStart> StartAsync(string? ticket, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var start = await TryStartAsync(ticket, viewer, cancellationToken);
        if (start.Refusal is { } refusal)
        {
            metrics.Refused(refusal, "start");
        }
        else
        {
            metrics.Played();
        }
        return start;
    }

    private async Task<SessionStart> TryStartAsync(string? ticket, Viewer viewer, CancellationToken cancellationToken)
    {
        var parts = signer.ReadTicket(ticket)?.Split('.');
        if (parts is not { Length: 3 or 4 } || !Guid.TryParseExact(parts[0], "N", out var code) || !long.TryParse(parts[2], out var recordId)
            || (parts.Length == 4 && parts[3] != StaffPreviewMark))
        {
            return new SessionStart(PlaybackRefusal.StalePage);
        }
        var videoId = parts[1];
        var preview = parts.Length == 4;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.AccessTokens.AsNoTracking().Where(t => t.Code == code && t.VideoId == videoId)
            .Select(t => new { Token = t, Suspended = t.Video!.Organization!.SuspendedAt != null })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !await db.Videos.AnyAsync(v => v.Id == videoId && v.Status == VideoStatus.Completed, cancellationToken))
        {
            return new SessionStart(PlaybackRefusal.NotFound);
        }
        if (found.Suspended)
        {
            return new SessionStart(PlaybackRefusal.Unavailable);
        }
        var token = found.Token;
        // The embedding page the viewer came from, as recorded at the page load.
        var referrer = preview ? null : await db.PlaybackRecords.Where(r => r.Id == recordId).Select(r => r.Referrer).FirstOrDefaultAsync(cancellationToken);
        viewer = viewer with { Referrer = referrer ?? viewer.Referrer };
        var now = Now;
        if ((Refusal(TokenStatusRule.WhyInactive(token, now))
            ?? (TokenRules.AllowsAddress(token.AllowedIps, viewer.IpAddress) ? null : PlaybackRefusal.NetworkNotAllowed)) is { } refused)
        {
            return await RefusedStartAsync(token, refused, viewer, now, preview, cancellationToken: cancellationToken);
        }
        if (preview)
        {
            // Staff trying the link: a session of its own, flagged, holding no viewer place and spending nothing.
            var (previewSession, previewGrant) = NewSession(videoId, now, viewer);
            previewSession.IsStaffPreview = true;
            previewSession.EndNotified = true; // previews are not playbacks: no playback.ended
            db.PlaybackSessions.Add(previewSession);
            await db.SaveChangesAsync(cancellationToken);
            return new SessionStart(null, previewGrant);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var counted = await db.AccessTokens
            .Where(t => t.Id == token.Id)
            .Where(TokenStatusRule.Filter(now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UseCount, t => t.UseCount + 1).SetProperty(t => t.LastUsedAt, now), cancellationToken);
        if (counted == 0)
        {
            // Another start won the race (or the token changed meanwhile): say why from its current state.
            await transaction.RollbackAsync(cancellationToken);
            var current = await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == token.Id, cancellationToken);
            return await RefusedStartAsync(token, Refusal(TokenStatusRule.WhyInactive(current, now)) ?? PlaybackRefusal.UsedUp, viewer,
                now, preview, cancellationToken: cancellationToken);
        }
        // The UPDATE above holds the token's row (SQLite: the write lock) until commit, so concurrent starts of this token
        // count and insert one after another; the count is its own statement so PostgreSQL reads it after the lock is won.
        if (token.MaxConcurrentViewers is { } limit
            && await db.PlaybackSessions.CountAsync(LiveSessionsOf(token.Id, now), cancellationToken) >= limit)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefusedStartAsync(token, PlaybackRefusal.TooManyViewers, viewer, now, preview, limit, cancellationToken);
        }
        var (session, grant) = NewSession(videoId, now, viewer);
        session.AccessTokenId = token.Id;
        db.PlaybackSessions.Add(session);
        // Announced in the transaction that counts the use: committed together or not at all.
        await outbox.StageIfWantedAsync(db, token.OrganizationId, WebhookEvents.PlaybackStarted, new
        {
            session_id = session.Id,
            code = token.Code,
            asset_id = videoId,
            started_at = ApiAccess.ApiJson.FormatTime(now),
            ip_address = session.IpAddress,
            user_agent = session.UserAgent,
            referrer = session.Referrer,
        }, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SessionStart(null, grant);
    }

    private async Task<SessionStart> RefusedStartAsync(AccessToken token, PlaybackRefusal reason, Viewer viewer, DateTime now, bool preview,
        int? limit = null, CancellationToken cancellationToken = default)
    {
        if (!preview)
        {
            await RecordRefusalAsync(token, reason, atStart: true, viewer, now, limit, cancellationToken);
        }
        return new SessionStart(reason, Limit: limit);
    }

    /// <summary>A staff member's own preview (video page, token editor): the same pipeline, counted as no use.</summary>
    public async Task<SessionGrant?> StartStaffPreviewAsync(Actor actor, string videoId, Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (!VideoIds.IsWellFormed(videoId))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId && v.Status == VideoStatus.Completed, cancellationToken))
        {
            return null;
        }
        var (session, grant) = NewSession(videoId, Now, viewer);
        session.IsStaffPreview = true;
        session.EndNotified = true; // previews are not playbacks: no playback.ended
        db.PlaybackSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    /// <summary>A staff preview session, as URLs under <paramref name="baseUri"/> (the page's base, so PathBase holds).</summary>
    public async Task<StaffStream?> StartStaffStreamAsync(Actor actor, string videoId, string baseUri, CancellationToken cancellationToken = default)
    {
        var grant = await StartStaffPreviewAsync(actor, videoId, new Viewer(null, null, null), cancellationToken);
        var root = baseUri.TrimEnd('/');
        return grant is null ? null : new StaffStream(
            HlsPlaylists.MasterUrl(root, grant.VideoId, grant.SessionId, grant.Credential),
            HlsPlaylists.HeartbeatUrl(root, grant.SessionId, grant.Credential),
            (int)HeartbeatInterval.TotalSeconds);
    }

    /// <summary>
    /// Keeps a session alive and records how far it got. A session whose token was revoked ends here, and the player
    /// is told so; expiry by time does not end it. A session quiet for a while (a long pause) comes back with its next heartbeat.
    /// </summary>
    public async Task<HeartbeatAnswer> HeartbeatAsync(string sessionId, string? credential, Heartbeat beat, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindAsync(db, sessionId, credential, tracking: true, cancellationToken);
        if (found is null)
        {
            return new HeartbeatAnswer(PlaybackRefusal.SessionOver);
        }
        var (session, duration, revoked, suspended) = found.Value;
        var now = Now;
        if (session.EndedAt is not null)
        {
            // A beat the player sent before it closed can arrive after the close (another connection, or another
            // instance behind the proxy): the player has already stopped, so it is acknowledged, not refused.
            return session.EndReason switch
            {
                SessionEndReason.Closed => HeartbeatAnswer.Closed,
                SessionEndReason.Revoked => new HeartbeatAnswer(PlaybackRefusal.Revoked),
                SessionEndReason.Stopped => new HeartbeatAnswer(PlaybackRefusal.Stopped),
                SessionEndReason.Suspended => new HeartbeatAnswer(PlaybackRefusal.Unavailable),
                _ => new HeartbeatAnswer(PlaybackRefusal.SessionOver),
            };
        }
        if (revoked || suspended)
        {
            await EndAsync(db, session, now, suspended ? SessionEndReason.Suspended : SessionEndReason.Revoked, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new HeartbeatAnswer(suspended ? PlaybackRefusal.Unavailable : PlaybackRefusal.Revoked);
        }
        // The player's figures are believed only within what time allows.
        var elapsed = (now - session.StartedAt).TotalSeconds + HeartbeatInterval.TotalSeconds;
        session.SecondsWatched = Math.Max(session.SecondsWatched, Math.Clamp(Finite(beat.Watched), 0, elapsed * 4));
        session.FurthestPosition = Math.Max(session.FurthestPosition, Math.Clamp(Finite(beat.Position), 0, duration));
        session.LastSeenAt = now;
        if (beat.Ended)
        {
            await EndAsync(db, session, now, SessionEndReason.Closed, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return beat.Ended ? HeartbeatAnswer.Closed : HeartbeatAnswer.Live;
    }

    /// <summary>The live session of this video, for its playlists; null when the session may not play.</summary>
    public async Task<SessionVideo?> LiveSessionAsync(string videoId, string sessionId, string? credential, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindAsync(db, sessionId, credential, tracking: true, cancellationToken);
        if (found is not { } live || live.Session.VideoId != videoId || !await IsLiveAsync(db, live.Session, live.Revoked, live.Suspended, cancellationToken))
        {
            return null;
        }
        return new SessionVideo(videoId, live.Duration, live.Session.StartedAt);
    }

    /// <summary>The video's 16-byte AES key, only for a live session of that video with the right credential.</summary>
    public async Task<byte[]?> KeyAsync(string videoId, string sessionId, string? credential, CancellationToken cancellationToken = default)
    {
        if (await LiveSessionAsync(videoId, sessionId, credential, cancellationToken) is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var protectedKey = await db.Videos.Where(v => v.Id == videoId).Select(v => v.ProtectedKey).SingleOrDefaultAsync(cancellationToken);
        return protectedKey is null ? null : keys.Unprotect(protectedKey);
    }

    /// <summary>Until when a session's segment URLs stay valid: its video's length plus a margin, rounded up to the hour so caches share them.</summary>
    public static DateTimeOffset SegmentsValidUntil(SessionVideo session, TimeSpan margin)
    {
        var until = new DateTimeOffset(session.StartedAt, TimeSpan.Zero) + TimeSpan.FromSeconds(session.DurationSeconds) + margin;
        return new DateTimeOffset(until.Year, until.Month, until.Day, until.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
    }

    /// <summary>Sessions of the token that hold a viewer slot: not ended and heard from within <see cref="SilenceLimit"/>.</summary>
    public static System.Linq.Expressions.Expression<Func<PlaybackSession, bool>> LiveSessionsOf(long tokenId, DateTime now)
    {
        var since = now - SilenceLimit;
        return s => s.AccessTokenId == tokenId && s.EndedAt == null && s.LastSeenAt >= since;
    }

    public static (int Status, string Heading, string Detail) RefusalText(PlaybackRefusal refusal, int? limit = null) => refusal switch
    {
        PlaybackRefusal.Unavailable => (403, "This video is not available.", "Ask the site that gave you the link."),
        PlaybackRefusal.Stopped => (403, "This playback was stopped by the video's owner.", "Ask the site that gave you the link if you think this is a mistake."),
        PlaybackRefusal.NetworkNotAllowed => (403, "This video is not available from your network.",
            "Its owner lets this link play only from certain networks. Ask the site that gave it to you."),
        PlaybackRefusal.TooManyViewers => (403,
            $"This link is already playing on {(limit == 1 ? "another device" : $"{limit} devices")}. Close it there, then press play again.",
            "A device that stopped without closing the page frees its place within a minute."),
        PlaybackRefusal.Expired => (403, "This link has expired.", "Ask the site that gave it to you for a new link."),
        PlaybackRefusal.UsedUp => (403, "This link has already been used.", "It was meant to play once. Ask the site that gave it to you for a new link."),
        PlaybackRefusal.Revoked => (403, "This link was revoked.", "It can no longer play. Ask the site that gave it to you for a new link."),
        PlaybackRefusal.WrongVideo => (403, "This link is for a different video.", "Use the link that came with this video."),
        PlaybackRefusal.SiteNotAllowed => (403, "This video is not allowed on this site.", "Its owner lets it play only on their own websites."),
        PlaybackRefusal.NotReady => (503, "This video is not ready yet.", "It is still being prepared for streaming. Try again in a few minutes."),
        PlaybackRefusal.StalePage => (403, "This player has been open too long.", "Reload the page to play the video."),
        PlaybackRefusal.SessionOver => (403, "This playback has ended.", "Reload the page to play the video again."),
        _ => (404, "This video link is not valid.", "Check that the whole link was copied, or ask the site that gave it to you for a new one."),
    };

    private static PlaybackRefusal? Refusal(InactiveReason? reason) => reason switch
    {
        InactiveReason.Revoked => PlaybackRefusal.Revoked,
        InactiveReason.TimedOut => PlaybackRefusal.Expired,
        InactiveReason.UsedUp => PlaybackRefusal.UsedUp,
        _ => null,
    };

    private async Task<bool> IsLiveAsync(AdminPortalDbContext db, PlaybackSession session, bool revoked, bool suspended, CancellationToken cancellationToken)
    {
        var now = Now;
        if (session.EndedAt is null && (revoked || suspended))
        {
            await EndAsync(db, session, now, suspended ? SessionEndReason.Suspended : SessionEndReason.Revoked, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return session.EndedAt is null && now - session.LastSeenAt <= SilenceLimit;
    }

    private async Task EndAsync(AdminPortalDbContext db, PlaybackSession session, DateTime now, SessionEndReason reason, CancellationToken cancellationToken)
    {
        session.EndedAt = now;
        session.EndReason = reason;
        await AnnounceEndAsync(db, session, reason, now, cancellationToken);
    }

    /// <summary>
    /// Stages playback.ended for a viewer's session (tracked on <paramref name="db"/>), once: the caller's SaveChanges commits the
    /// event with the end it announces.
    /// </summary>
    public async Task AnnounceEndAsync(AdminPortalDbContext db, PlaybackSession session, SessionEndReason reason, DateTime now,
        CancellationToken cancellationToken = default)
    {
        if (session.EndNotified || session.AccessTokenId is not { } tokenId)
        {
            return;
        }
        session.EndNotified = true;
        var token = await db.AccessTokens.AsNoTracking().Where(t => t.Id == tokenId)
            .Select(t => new { t.OrganizationId, t.Code }).SingleOrDefaultAsync(cancellationToken);
        if (token is not null)
        {
            await outbox.StageIfWantedAsync(db, token.OrganizationId, WebhookEvents.PlaybackEnded, new
            {
                session_id = session.Id,
                code = token.Code,
                asset_id = session.VideoId,
                reason = reason.ToString().ToLowerInvariant(),
                started_at = ApiAccess.ApiJson.FormatTime(session.StartedAt),
                ended_at = ApiAccess.ApiJson.FormatTime(reason == SessionEndReason.Silent ? session.LastSeenAt : now),
                seconds_watched = Math.Round(session.SecondsWatched, 1),
                furthest_position = Math.Round(session.FurthestPosition, 1),
            }, now, cancellationToken);
        }
    }

    /// <summary>
    /// Announces the end of viewers' sessions that went silent (no heartbeat for <see cref="SilenceLimit"/>) in the last day:
    /// each is marked, by a conditional UPDATE (a heartbeat that came meanwhile wins), in the transaction that stages its event.
    /// </summary>
    public async Task<int> AnnounceSilentEndsAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        var cutoff = now - SilenceLimit;
        var since = now - TimeSpan.FromDays(1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var silent = await db.PlaybackSessions
            .Where(s => !s.EndNotified && s.EndedAt == null && s.LastSeenAt < cutoff && s.LastSeenAt >= since && s.AccessTokenId != null)
            .OrderBy(s => s.LastSeenAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        if (silent.Count == 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var announced = 0;
        foreach (var session in silent)
        {
            var marked = await db.PlaybackSessions
                .Where(s => s.Id == session.Id && !s.EndNotified && s.EndedAt == null && s.LastSeenAt < cutoff)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndNotified, true), cancellationToken);
            if (marked == 1)
            {
                await AnnounceEndAsync(db, session, SessionEndReason.Silent, now, cancellationToken);
                announced++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return announced;
    }

    public const string PageLoadStage = "page_load";
    public const string SessionStartStage = "session_start";

    /// <summary>The reason as playback.refused names it; null for refusals that are not about the token's use.</summary>
    public static string? RefusalReason(PlaybackRefusal refusal) => refusal switch
    {
        PlaybackRefusal.Expired => "expired",
        PlaybackRefusal.UsedUp => "used",
        PlaybackRefusal.Revoked => "revoked",
        PlaybackRefusal.SiteNotAllowed => "site_not_allowed",
        PlaybackRefusal.NetworkNotAllowed => "network_not_allowed",
        PlaybackRefusal.TooManyViewers => "limit_reached",
        _ => null,
    };

    private static async Task<(PlaybackSession Session, int Duration, bool Revoked, bool Suspended)?> FindAsync(
        AdminPortalDbContext db, string sessionId, string? credential, bool tracking, CancellationToken cancellationToken)
    {
        if (credential is null || sessionId.Length > 32 || credential.Length > 64)
        {
            return null;
        }
        var sessions = tracking ? db.PlaybackSessions : db.PlaybackSessions.AsNoTracking();
        var found = await sessions
            .Where(s => s.Id == sessionId)
            .Select(s => new
            {
                Session = s,
                Duration = db.Videos.Where(v => v.Id == s.VideoId).Select(v => v.DurationSeconds).FirstOrDefault(),
                Revoked = db.AccessTokens.Any(t => t.Id == s.AccessTokenId && t.RevokedAt != null),
                // Staff previews too: a suspended organization plays nothing.
                Suspended = db.Videos.Any(v => v.Id == s.VideoId && v.Organization!.SuspendedAt != null),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.Session.CredentialHash, Hash(credential)))
        {
            return null;
        }
        return (found.Session, found.Duration, found.Revoked, found.Suspended);
    }

    private static (PlaybackSession Session, SessionGrant Grant) NewSession(string videoId, DateTime now, Viewer viewer)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var credential = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var session = new PlaybackSession
        {
            Id = id,
            CredentialHash = Hash(credential),
            VideoId = videoId,
            StartedAt = now,
            LastSeenAt = now,
            IpAddress = PlaybackRecord.Fit(viewer.IpAddress, PlaybackRecord.MaxIpAddressLength),
            UserAgent = PlaybackRecord.Fit(viewer.UserAgent, PlaybackRecord.MaxUserAgentLength),
            Referrer = PlaybackRecord.Fit(viewer.Referrer, PlaybackRecord.MaxReferrerLength),
        };
        return (session, new SessionGrant(id, credential, videoId));
    }

    private static byte[] Hash(string credential) => SHA256.HashData(Encoding.UTF8.GetBytes(credential));

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

}
