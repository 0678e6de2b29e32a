using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Audit;

/// <summary>The <c>Audit</c> section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Days an entry is kept.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often the clean-up runs (also once at start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Removes audit entries older than the retention period: the only deletion the audit log ever sees.</summary>
public sealed class AuditRetention(IDbContextFactory<AdminPortalDbContext> dbFactory, TimeProvider clock, IOptions<AuditOptions> options)
{
    public DateTime KeepFrom => clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.Value.RetentionDays));

    public async Task<int> CleanAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = KeepFrom;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}

public sealed class AuditRetentionWorker(AuditRetention retention, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetentionWorker> logger)
    : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override string Work => "Audit log clean-up";

    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var removed = await retention.CleanAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} audit entries older than {Cutoff:yyyy-MM-dd}.", removed, retention.KeepFrom);
        }
    }
}
