using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>Playbacks of one video on one UTC day.</summary>
public sealed record DailyPlaybacks(DateOnly Day, int Count);

/// <summary>One recorded load of the player page, as staff see it.</summary>
public sealed record PlaybackView(DateTime At, string? IpAddress, string? UserAgent, string? Referrer);

/// <summary>Reads the playback records: per-day counts for a video, and a token's own loads. Scoped to the actor's organization.</summary>
public sealed class UsageService(IDbContextFactory<AdminPortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxDays = 366;

    /// <summary>Playbacks per UTC day over the last <paramref name="days"/> days (today included), zeros filled in, oldest first.</summary>
    public async Task<Result<IReadOnlyList<DailyPlaybacks>>> PerDayAsync(Actor actor, string videoId, int days = 30, CancellationToken cancellationToken = default)
    {
        days = Math.Clamp(days, 1, MaxDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await VideoExistsAsync(db, actor, videoId, cancellationToken))
        {
            return Result<IReadOnlyList<DailyPlaybacks>>.NotFound();
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        var from = today.AddDays(1 - days);
        // One GROUP BY over the (VideoId, At) index.
        var counts = await db.PlaybackRecords.AsNoTracking()
            .Where(r => r.VideoId == videoId && r.At >= from)
            .GroupBy(r => r.At.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => DateOnly.FromDateTime(g.Day), g => g.Count, cancellationToken);

        var series = Enumerable.Range(0, days)
            .Select(i => DateOnly.FromDateTime(from.AddDays(i)))
            .Select(day => new DailyPlaybacks(day, counts.GetValueOrDefault(day)))
            .ToList();
        return Result<IReadOnlyList<DailyPlaybacks>>.Ok(series);
    }

    /// <summary>A page of one token's playbacks, newest first.</summary>
    public async Task<Result<Page<PlaybackView>>> TokenPlaybacksAsync(Actor actor, string videoId, Guid code, int offset = 0, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokenId = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Code == code && t.VideoId == videoId && t.OrganizationId == actor.OrganizationId)
            .Select(t => (long?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (tokenId is null)
        {
            return Result<Page<PlaybackView>>.NotFound();
        }

        var records = db.PlaybackRecords.AsNoTracking().Where(r => r.AccessTokenId == tokenId);
        var total = await records.CountAsync(cancellationToken);
        var page = await records
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Window(offset, limit)
            .Select(r => new PlaybackView(r.At, r.IpAddress, r.UserAgent, r.Referrer))
            .ToListAsync(cancellationToken);
        return Result<Page<PlaybackView>>.Ok(new Page<PlaybackView>(page, total));
    }

    private static async Task<bool> VideoExistsAsync(AdminPortalDbContext db, Actor actor, string videoId, CancellationToken cancellationToken) =>
        Videos.VideoIds.IsWellFormed(videoId)
        && await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId, cancellationToken);
}
