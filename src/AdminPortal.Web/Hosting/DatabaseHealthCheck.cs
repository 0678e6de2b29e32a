using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminPortal.Web.Hosting;

public sealed class DatabaseHealthCheck(IDbContextFactory<AdminPortalDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // A query, not only a connection: a database file that opens but is not ours (or is locked) fails here.
            await db.Organizations.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached: " + e.GetType().Name + ".");
        }
    }
}
