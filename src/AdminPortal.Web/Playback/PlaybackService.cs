using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
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

/// <summary>Who is watching, as recorded for each load and session.</summary>
public sealed record Viewer(string? IpAddress, string? UserAgent, string? Referrer);

/// <summary>What the player page shows, for a load that passed every check.</summary>
public sealed record PlayerModel(string Title, string? PosterPath, IReadOnlyList<PlayerAnnotation> Annotations, string Ticket, Organization Organization);

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
    PortalMetrics metrics,
    TimeProvider clock)
{
    /// <summary>The player sends a heartbeat this often while playing.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>A session not heard from for this long is over: its key is no longer served.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(45);

    /// <summary>How long a served player page may wait before its viewer presses play.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromHours(6);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A load of the player page: checks the code against the video (and organization, when the URL names one), the token's
    /// status and the embedding site, and records the load. Spends nothing: a prefetch or a crawler costs no use.
    /// </summary>
    public async Task<PageLoad> LoadAsync(string? orgCode, string videoId, string? code, Viewer viewer, Func<Organization, bool> isSiteAllowed,
        CancellationToken cancellationToken = default)
    {
        var load = await CheckLoadAsync(orgCode, videoId, code, viewer, isSiteAllowed, cancellationToken);
        if (load.Refusal is { } refusal)
        {
            metrics.Refused(refusal, "load");
        }
        return load;
    }

    private async Task<PageLoad> CheckLoadAsync(string? orgCode, string videoId, string? code, Viewer viewer, Func<Organization, bool> isSiteAllowed,
        CancellationToken cancellationToken)
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
        if (found.Token.VideoId != videoId)
        {
            // Only say "another video" when the asked-for video exists in the same organization; else it is simply unknown.
            var sameOrganization = await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == found.Token.OrganizationId, cancellationToken);
            return new PageLoad(sameOrganization ? PlaybackRefusal.WrongVideo : PlaybackRefusal.NotFound);
        }
        var now = Now;
        if (Refusal(TokenStatusRule.WhyInactive(found.Token, now)) is { } inactive)
        {
            return new PageLoad(inactive);
        }
        if (!TokenRules.AllowsAddress(found.Token.AllowedIps, viewer.IpAddress))
        {
            return new PageLoad(PlaybackRefusal.NetworkNotAllowed);
        }
        if (!isSiteAllowed(found.Organization))
        {
            return new PageLoad(PlaybackRefusal.SiteNotAllowed);
        }
        if (found.Video.Status != VideoStatus.Completed)
        {
            return new PageLoad(PlaybackRefusal.NotReady);
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

        var ip = viewer.IpAddress ?? "unknown";
        var annotations = found.Token.Annotations
            .Select(a => PlayerAnnotation.From(a, text => WatermarkPlaceholders.Fill(text, ip, now, found.Token.Code)))
            .ToList();
        // The ticket lets only a page that passed these checks start a session, for this token and video.
        var ticket = signer.Ticket($"{found.Token.Code:N}.{videoId}.{record.Id}", TicketLifetime);
        return new PageLoad(null, new PlayerModel(found.Video.Title, MediaStore.ThumbnailUrl(found.Video), annotations, ticket, found.Organization));
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
        if (parts is not { Length: 3 } || !Guid.TryParseExact(parts[0], "N", out var code) || !long.TryParse(parts[2], out var recordId))
        {
            return new SessionStart(PlaybackRefusal.StalePage);
        }
        var videoId = parts[1];
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
        var now = Now;
        if (Refusal(TokenStatusRule.WhyInactive(token, now)) is { } inactive)
        {
            return new SessionStart(inactive);
        }
        if (!TokenRules.AllowsAddress(token.AllowedIps, viewer.IpAddress))
        {
            return new SessionStart(PlaybackRefusal.NetworkNotAllowed);
        }
        // The embedding page the viewer came from, as recorded at the page load.
        var referrer = await db.PlaybackRecords.Where(r => r.Id == recordId).Select(r => r.Referrer).FirstOrDefaultAsync(cancellationToken);

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
            return new SessionStart(Refusal(TokenStatusRule.WhyInactive(current, now)) ?? PlaybackRefusal.UsedUp);
        }
        // The UPDATE above holds the token's row (SQLite: the write lock) until commit, so concurrent starts of this token
        // count and insert one after another; the count is its own statement so PostgreSQL reads it after the lock is won.
        if (token.MaxConcurrentViewers is { } limit
            && await db.PlaybackSessions.CountAsync(LiveSessionsOf(token.Id, now), cancellationToken) >= limit)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new SessionStart(PlaybackRefusal.TooManyViewers, Limit: limit);
        }
        var (session, grant) = NewSession(videoId, now, viewer with { Referrer = referrer ?? viewer.Referrer });
        session.AccessTokenId = token.Id;
        db.PlaybackSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SessionStart(null, grant);
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
    public async Task<PlaybackRefusal?> HeartbeatAsync(string sessionId, string? credential, Heartbeat beat, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindAsync(db, sessionId, credential, tracking: true, cancellationToken);
        if (found is null)
        {
            return PlaybackRefusal.SessionOver;
        }
        var (session, duration, revoked, suspended) = found.Value;
        var now = Now;
        if (session.EndedAt is not null)
        {
            return session.EndReason switch
            {
                SessionEndReason.Revoked => PlaybackRefusal.Revoked,
                SessionEndReason.Stopped => PlaybackRefusal.Stopped,
                SessionEndReason.Suspended => PlaybackRefusal.Unavailable,
                _ => PlaybackRefusal.SessionOver,
            };
        }
        if (revoked || suspended)
        {
            End(session, now, suspended ? SessionEndReason.Suspended : SessionEndReason.Revoked);
            await db.SaveChangesAsync(cancellationToken);
            return suspended ? PlaybackRefusal.Unavailable : PlaybackRefusal.Revoked;
        }
        // The player's figures are believed only within what time allows.
        var elapsed = (now - session.StartedAt).TotalSeconds + HeartbeatInterval.TotalSeconds;
        session.SecondsWatched = Math.Max(session.SecondsWatched, Math.Clamp(Finite(beat.Watched), 0, elapsed * 4));
        session.FurthestPosition = Math.Max(session.FurthestPosition, Math.Clamp(Finite(beat.Position), 0, duration));
        session.LastSeenAt = now;
        if (beat.Ended)
        {
            End(session, now, SessionEndReason.Closed);
        }
        await db.SaveChangesAsync(cancellationToken);
        return null;
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
            End(session, now, suspended ? SessionEndReason.Suspended : SessionEndReason.Revoked);
            await db.SaveChangesAsync(cancellationToken);
        }
        return session.EndedAt is null && now - session.LastSeenAt <= SilenceLimit;
    }

    private static void End(PlaybackSession session, DateTime now, SessionEndReason reason)
    {
        session.EndedAt = now;
        session.EndReason = reason;
    }

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
