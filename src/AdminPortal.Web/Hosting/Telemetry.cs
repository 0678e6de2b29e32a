using System.Diagnostics.Metrics;
using AdminPortal.Web.Playback;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AdminPortal.Web.Hosting;

/// <summary>The product's own counters, on the <see cref="MeterName"/> meter. Cheap when nobody listens.</summary>
public sealed class PortalMetrics
{
    public const string MeterName = "AdminPortal";

    private readonly Counter<long> plays;
    private readonly Counter<long> refusals;
    private readonly Counter<long> tokensCreated;

    public PortalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        plays = meter.CreateCounter<long>("adminportal.plays", "{play}", "Playback sessions started by viewers (a use of a token).");
        refusals = meter.CreateCounter<long>("adminportal.playback.refusals", "{refusal}",
            "Player page loads and session starts refused, by reason (expired, used_up, revoked, site_not_allowed, ...) and stage (load, start).");
        tokensCreated = meter.CreateCounter<long>("adminportal.tokens.created", "{token}", "Access tokens created, through the portal or the API.");
    }

    public void Played() => plays.Add(1);

    public void Refused(PlaybackRefusal reason, string stage) =>
        refusals.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)), new KeyValuePair<string, object?>("stage", stage));

    public void TokenCreated() => tokensCreated.Add(1);

    /// <summary>snake_case, as OpenTelemetry attribute values usually are: <c>UsedUp</c> is <c>used_up</c>.</summary>
    public static string ReasonTag(PlaybackRefusal reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

public static class Telemetry
{
    /// <summary>The standard OpenTelemetry variable: with it set, traces and metrics go there over OTLP.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Our counters always; OpenTelemetry (ASP.NET Core, HttpClient, EF Core, our meter) only when an OTLP endpoint is
    /// configured, so an install without a collector pays nothing for spans it would throw away.
    /// </summary>
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "AdminPortal"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(PortalMetrics.MeterName))
            .UseOtlpExporter();
        return services;
    }
}
