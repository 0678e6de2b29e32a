using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Playback;

/// <summary>The <c>PlaybackRetention</c> section.</summary>
public sealed class PlaybackRetentionOptions
{
    public const string Section = "PlaybackRetention";

    /// <summary>Whole UTC days of full playback records (address, browser, referrer) kept; older days keep only their counts.</summary>
    public int FullRecordDays { get; set; } = 90;

    /// <summary>How often the clean-up runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Folds playback records (and refused loads) older than the retention period into one <see cref="PlaybackDay"/> per token
/// and day, and removes them, in one transaction: a restart mid-way leaves either the records or their counts, never both nor neither.
/// </summary>
public sealed class PlaybackRetention(IDbContextFactory<AdminPortalDbContext> dbFactory, JobClaims claims, TimeProvider clock,
    IOptions<PlaybackRetentionOptions> options)
{
    /// <summary>The first instant whose records are kept in full: midnight UTC, so days are folded whole.</summary>
    public DateTime KeepFrom => clock.GetUtcNow().UtcDateTime.Date.AddDays(-Math.Max(1, options.Value.FullRecordDays));

    /// <summary>Returns how many records were folded (none when another instance is folding them right now).</summary>
    public async Task<int> CompactAsync(CancellationToken cancellationToken = default)
    {
        // Two instances folding the same records at once would count them twice.
        await using var claim = await claims.TryClaimAsync("playback-retention", cancellationToken);
        if (claim is null)
        {
            return 0;
        }
        var cutoff = KeepFrom;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var played = await db.PlaybackRecords.AsNoTracking()
            .Where(r => r.At < cutoff)
            .GroupBy(r => new { r.AccessTokenId, r.VideoId, Day = r.At.Date })
            .Select(g => new { g.Key.AccessTokenId, g.Key.VideoId, g.Key.Day, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var refused = await db.RefusedPlaybacks.AsNoTracking()
            .Where(r => r.At < cutoff)
            .GroupBy(r => new { r.AccessTokenId, r.VideoId, Day = r.At.Date })
            .Select(g => new { g.Key.AccessTokenId, g.Key.VideoId, g.Key.Day, Count = g.Count() })
            .ToListAsync(cancellationToken);
        if (played.Count == 0 && refused.Count == 0)
        {
            return 0;
        }
        var folded = played.Select(p => (p.AccessTokenId, p.VideoId, p.Day, Played: p.Count, Refused: 0))
            .Concat(refused.Select(r => (r.AccessTokenId, r.VideoId, r.Day, Played: 0, Refused: r.Count)))
            .GroupBy(f => (f.AccessTokenId, f.VideoId, f.Day))
            .Select(g => new { g.Key.AccessTokenId, g.Key.VideoId, g.Key.Day, Count = g.Sum(f => f.Played), Refused = g.Sum(f => f.Refused) })
            .ToList();

        var tokenIds = folded.Select(f => f.AccessTokenId).Distinct().ToList();
        var cutoffDay = DateOnly.FromDateTime(cutoff);
        var existing = await db.PlaybackDays
            .Where(d => tokenIds.Contains(d.AccessTokenId) && d.Day < cutoffDay)
            .ToDictionaryAsync(d => (d.AccessTokenId, d.Day), cancellationToken);
        foreach (var f in folded)
        {
            var day = DateOnly.FromDateTime(f.Day);
            if (existing.TryGetValue((f.AccessTokenId, day), out var row))
            {
                row.Count += f.Count;
                row.Refused += f.Refused;
            }
            else
            {
                db.PlaybackDays.Add(new PlaybackDay { AccessTokenId = f.AccessTokenId, VideoId = f.VideoId, Day = day, Count = f.Count, Refused = f.Refused });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        var removed = await db.PlaybackRecords.Where(r => r.At < cutoff).ExecuteDeleteAsync(cancellationToken)
            + await db.RefusedPlaybacks.Where(r => r.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}

/// <summary>Runs <see cref="PlaybackRetention"/> at start and then every <see cref="PlaybackRetentionOptions.Interval"/>.</summary>
public sealed class PlaybackRetentionWorker(PlaybackRetention retention, IOptions<PlaybackRetentionOptions> options, TimeProvider clock,
    ILogger<PlaybackRetentionWorker> logger) : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    // A failed round leaves nothing half-done (one transaction); the next one tries again.
    protected override string Work => "Playback record clean-up";

    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var folded = await retention.CompactAsync(cancellationToken);
        if (folded > 0)
        {
            logger.LogInformation("Folded {Count} playback records older than {Cutoff:yyyy-MM-dd} into daily counts.", folded, retention.KeepFrom);
        }
    }
}
