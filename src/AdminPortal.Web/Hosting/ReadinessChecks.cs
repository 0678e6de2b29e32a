using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// <c>/healthz</c> is liveness (the process answers; no checks, so a database outage does not get instances restarted);
/// <c>/healthz/ready</c> runs the checks tagged <see cref="ReadyTag"/> and answers 503 naming each that failed.
/// </summary>
public static class ReadinessChecks
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddPortalHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<MediaFolderHealthCheck>("media", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new()
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            failed = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), detail = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

/// <summary>The media folder (shared by every instance) exists and takes a write.</summary>
public sealed class MediaFolderHealthCheck(DataPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(paths.MediaRoot))
        {
            return HealthCheckResult.Unhealthy("The media folder does not exist.");
        }
        var probe = Path.Combine(paths.MediaRoot, $".ready-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The media folder cannot be written to.");
        }
    }
}
