using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>One viewer's session as staff see it.</summary>
public sealed record ViewerSessionView(
    string Id, DateTime StartedAt, DateTime LastSeenAt, double SecondsWatched, double FurthestPosition, string? IpAddress, string? UserAgent,
    bool IsLive, SessionEndReason? EndReason, bool WentSilent);

/// <summary>A video's watching over a period: total seconds watched and the average furthest position as a share of its length.</summary>
public sealed record WatchSummary(int WatchingNow, double SecondsWatched, double AverageCompletion, int Sessions);

/// <summary>
/// Staff's view of viewers' playback sessions: who is watching now, each token's sessions, and stopping one. Staff previews
/// are left out. Scoped to the actor's organization.
/// </summary>
public sealed class ViewerSessionService(IDbContextFactory<AdminPortalDbContext> dbFactory, PlaybackService playback, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A page of one token's sessions, newest first.</summary>
    public async Task<Result<Page<ViewerSessionView>>> TokenSessionsAsync(Actor actor, string videoId, Guid code, int offset = 0, int limit = 20,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokenId = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Code == code && t.VideoId == videoId && t.OrganizationId == actor.OrganizationId)
            .Select(t => (long?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (tokenId is null)
        {
            return Result<Page<ViewerSessionView>>.NotFound();
        }
        var since = Now - PlaybackService.SilenceLimit;
        var sessions = db.PlaybackSessions.AsNoTracking().Where(s => s.AccessTokenId == tokenId);
        var total = await sessions.CountAsync(cancellationToken);
        var page = await sessions
            .OrderByDescending(s => s.StartedAt).ThenBy(s => s.Id)
            .Window(offset, limit)
            .Select(s => new ViewerSessionView(s.Id, s.StartedAt, s.LastSeenAt, s.SecondsWatched, s.FurthestPosition, s.IpAddress, s.UserAgent,
                s.EndedAt == null && s.LastSeenAt >= since, s.EndReason, s.EndedAt == null && s.LastSeenAt < since))
            .ToListAsync(cancellationToken);
        return Result<Page<ViewerSessionView>>.Ok(new Page<ViewerSessionView>(page, total));
    }

    /// <summary>Ends one viewer's session: its key is refused from now on and the player says so at its next heartbeat.</summary>
    public async Task<Result<bool>> StopAsync(Actor actor, string sessionId, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<bool>.Forbidden("Your role can view viewers but not stop them.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var session = await db.PlaybackSessions
            .Where(s => s.Id == sessionId && s.EndedAt == null && !s.IsStaffPreview
                && db.AccessTokens.Any(t => t.Id == s.AccessTokenId && t.OrganizationId == actor.OrganizationId))
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null)
        {
            return Result<bool>.NotFound();
        }
        // The conditional UPDATE settles a race with the player closing it; its playback.ended commits with it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stopped = await db.PlaybackSessions
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, SessionEndReason.Stopped), cancellationToken);
        if (stopped == 0)
        {
            return Result<bool>.NotFound();
        }
        await playback.AnnounceEndAsync(db, session, SessionEndReason.Stopped, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>Live viewer sessions per token of the video, for the grid's "Watching now"; one GROUP BY.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> WatchingNowByTokenAsync(Actor actor, string videoId, IReadOnlyCollection<Guid> codes,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = Now - PlaybackService.SilenceLimit;
        return await db.PlaybackSessions.AsNoTracking()
            .Where(s => s.VideoId == videoId && s.EndedAt == null && s.LastSeenAt >= since)
            .Join(db.AccessTokens.Where(t => t.OrganizationId == actor.OrganizationId && codes.Contains(t.Code)), s => s.AccessTokenId, t => (long?)t.Id, (s, t) => t.Code)
            .GroupBy(code => code)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Count, cancellationToken);
    }

    /// <summary>Who is watching the video now, and its watching over the last <paramref name="days"/> days (today included).</summary>
    public async Task<Result<WatchSummary>> SummaryAsync(Actor actor, string videoId, int days = 30, CancellationToken cancellationToken = default)
    {
        days = Math.Clamp(days, 1, UsageService.MaxDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var duration = await db.Videos.AsNoTracking()
            .Where(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId)
            .Select(v => (int?)v.DurationSeconds)
            .SingleOrDefaultAsync(cancellationToken);
        if (duration is null)
        {
            return Result<WatchSummary>.NotFound();
        }
        var now = Now;
        var since = now - PlaybackService.SilenceLimit;
        var from = now.Date.AddDays(1 - days);
        var viewers = db.PlaybackSessions.AsNoTracking().Where(s => s.VideoId == videoId && !s.IsStaffPreview);
        var watching = await viewers.CountAsync(s => s.EndedAt == null && s.LastSeenAt >= since, cancellationToken);
        var period = await viewers
            .Where(s => s.StartedAt >= from)
            .GroupBy(s => 1)
            .Select(g => new { Count = g.Count(), Watched = g.Sum(s => s.SecondsWatched), Furthest = g.Average(s => s.FurthestPosition) })
            .SingleOrDefaultAsync(cancellationToken);
        var completion = period is null || duration <= 0 ? 0 : Math.Clamp(period.Furthest / duration.Value, 0, 1);
        return Result<WatchSummary>.Ok(new WatchSummary(watching, period?.Watched ?? 0, completion, period?.Count ?? 0));
    }
}
