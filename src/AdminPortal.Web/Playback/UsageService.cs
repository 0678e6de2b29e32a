using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>Playbacks of one video on one UTC day.</summary>
public sealed record DailyPlaybacks(DateOnly Day, int Count);

/// <summary>One recorded load of the player page, as staff see it.</summary>
public sealed record PlaybackView(DateTime At, string? IpAddress, string? UserAgent, string? Referrer);

/// <summary>One refused load or session start, as staff see it.</summary>
public sealed record RefusalView(DateTime At, PlaybackRefusal Reason, bool AtStart, int? Limit, string? IpAddress, string? UserAgent, string? Referrer)
{
    /// <summary>Why, in plain words, e.g. "Refused: site 127.0.0.2 is not on the allowed list".</summary>
    public string What => "Refused: " + Reason switch
    {
        PlaybackRefusal.SiteNotAllowed => Uri.TryCreate(Referrer, UriKind.Absolute, out var site)
            ? $"site {site.Host} is not on the allowed list"
            : "the page gave no referrer, and loads without one are not allowed",
        PlaybackRefusal.NetworkNotAllowed => $"address {IpAddress ?? "unknown"} is not on this link's allowed networks",
        PlaybackRefusal.Expired => "the link had expired",
        PlaybackRefusal.UsedUp => "the single-use link had already been played",
        PlaybackRefusal.Revoked => "the link had been revoked",
        PlaybackRefusal.TooManyViewers => Limit == 1 ? "already playing on another device (the limit is 1)" : $"already playing on {Limit} devices, the most allowed",
        PlaybackRefusal.WrongVideo => "the link was opened on another video's address",
        PlaybackRefusal.NotReady => "the video was not ready yet",
        _ => Reason.ToString(),
    } + (AtStart ? " (on pressing play)" : "");
}

/// <summary>A token's refusals: how many (kept and folded), and the latest.</summary>
public sealed record RefusalCount(int Count, DateTime? LastAt);

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
        var fromDay = DateOnly.FromDateTime(from);
        // Full records for recent days, daily counts for days past retention: one GROUP BY each, over their (VideoId, day) indexes.
        var recent = await db.PlaybackRecords.AsNoTracking()
            .Where(r => r.VideoId == videoId && r.At >= from)
            .GroupBy(r => r.At.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var folded = await db.PlaybackDays.AsNoTracking()
            .Where(d => d.VideoId == videoId && d.Day >= fromDay)
            .GroupBy(d => d.Day)
            .Select(g => new { Day = g.Key, Count = g.Sum(d => d.Count) })
            .ToListAsync(cancellationToken);
        var counts = recent.Select(r => (Day: DateOnly.FromDateTime(r.Day), r.Count)).Concat(folded.Select(f => (f.Day, f.Count)))
            .GroupBy(c => c.Day)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Count));

        var series = Enumerable.Range(0, days)
            .Select(i => DateOnly.FromDateTime(from.AddDays(i)))
            .Select(day => new DailyPlaybacks(day, counts.GetValueOrDefault(day)))
            .ToList();
        return Result<IReadOnlyList<DailyPlaybacks>>.Ok(series);
    }

    /// <summary>One token's playbacks on days past retention (only counted), newest first.</summary>
    public async Task<Result<IReadOnlyList<DailyPlaybacks>>> TokenDaysAsync(Actor actor, string videoId, Guid code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await TokenIdAsync(db, actor, videoId, code, cancellationToken) is not { } tokenId)
        {
            return Result<IReadOnlyList<DailyPlaybacks>>.NotFound();
        }
        var days = await db.PlaybackDays.AsNoTracking()
            .Where(d => d.AccessTokenId == tokenId && d.Count > 0)
            .OrderByDescending(d => d.Day)
            .Select(d => new DailyPlaybacks(d.Day, d.Count))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<DailyPlaybacks>>.Ok(days);
    }

    /// <summary>A page of one token's full playback records (those within retention), newest first.</summary>
    public async Task<Result<Page<PlaybackView>>> TokenPlaybacksAsync(Actor actor, string videoId, Guid code, int offset = 0, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokenId = await TokenIdAsync(db, actor, videoId, code, cancellationToken);
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

    /// <summary>A page of one token's refused loads and starts (those within retention), newest first.</summary>
    public async Task<Result<Page<RefusalView>>> TokenRefusalsAsync(Actor actor, string videoId, Guid code, int offset = 0, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await TokenIdAsync(db, actor, videoId, code, cancellationToken) is not { } tokenId)
        {
            return Result<Page<RefusalView>>.NotFound();
        }
        var refusals = db.RefusedPlaybacks.AsNoTracking().Where(r => r.AccessTokenId == tokenId);
        var total = await refusals.CountAsync(cancellationToken);
        var page = await refusals
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Window(offset, limit)
            .Select(r => new RefusalView(r.At, r.Reason, r.AtStart, r.Limit, r.IpAddress, r.UserAgent, r.Referrer))
            .ToListAsync(cancellationToken);
        return Result<Page<RefusalView>>.Ok(new Page<RefusalView>(page, total));
    }

    /// <summary>Refusals per token of one video, for a page of the grid: one GROUP BY over kept records, one over folded days.</summary>
    public async Task<IReadOnlyDictionary<Guid, RefusalCount>> RefusalsByTokenAsync(Actor actor, string videoId, IReadOnlyCollection<Guid> codes,
        CancellationToken cancellationToken = default)
    {
        if (codes.Count == 0)
        {
            return new Dictionary<Guid, RefusalCount>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.AccessTokens.AsNoTracking()
            .Where(t => t.VideoId == videoId && t.OrganizationId == actor.OrganizationId && codes.Contains(t.Code))
            .Select(t => new { t.Id, t.Code })
            .ToDictionaryAsync(t => t.Id, t => t.Code, cancellationToken);
        var ids = tokens.Keys.ToList();
        var kept = await db.RefusedPlaybacks.AsNoTracking()
            .Where(r => ids.Contains(r.AccessTokenId))
            .GroupBy(r => r.AccessTokenId)
            .Select(g => new { Id = g.Key, Count = g.Count(), Last = g.Max(r => r.At) })
            .ToListAsync(cancellationToken);
        var folded = await db.PlaybackDays.AsNoTracking()
            .Where(d => ids.Contains(d.AccessTokenId) && d.Refused > 0)
            .GroupBy(d => d.AccessTokenId)
            .Select(g => new { Id = g.Key, Count = g.Sum(d => d.Refused), Last = g.Max(d => d.Day) })
            .ToListAsync(cancellationToken);
        var counts = new Dictionary<Guid, RefusalCount>();
        foreach (var f in folded)
        {
            counts[tokens[f.Id]] = new RefusalCount(f.Count, f.Last.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        }
        foreach (var k in kept)
        {
            counts[tokens[k.Id]] = new RefusalCount(k.Count + (counts.TryGetValue(tokens[k.Id], out var old) ? old.Count : 0), k.Last);
        }
        return counts;
    }

    /// <summary>One token's refusals on days past retention (only counted), newest first.</summary>
    public async Task<Result<IReadOnlyList<DailyPlaybacks>>> TokenRefusedDaysAsync(Actor actor, string videoId, Guid code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await TokenIdAsync(db, actor, videoId, code, cancellationToken) is not { } tokenId)
        {
            return Result<IReadOnlyList<DailyPlaybacks>>.NotFound();
        }
        var days = await db.PlaybackDays.AsNoTracking()
            .Where(d => d.AccessTokenId == tokenId && d.Refused > 0)
            .OrderByDescending(d => d.Day)
            .Select(d => new DailyPlaybacks(d.Day, d.Refused))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<DailyPlaybacks>>.Ok(days);
    }

    private static Task<long?> TokenIdAsync(AdminPortalDbContext db, Actor actor, string videoId, Guid code, CancellationToken cancellationToken) =>
        db.AccessTokens.AsNoTracking()
            .Where(t => t.Code == code && t.VideoId == videoId && t.OrganizationId == actor.OrganizationId)
            .Select(t => (long?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);

    private static async Task<bool> VideoExistsAsync(AdminPortalDbContext db, Actor actor, string videoId, CancellationToken cancellationToken) =>
        Videos.VideoIds.IsWellFormed(videoId)
        && await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId, cancellationToken);
}
