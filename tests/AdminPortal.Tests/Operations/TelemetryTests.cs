using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Tests.Playback;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Staff;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AdminPortal.Tests.Operations;

/// <summary>Our counters, read by an in-process listener while real HTTP requests play, refuse and mint tokens.</summary>
public sealed class TelemetryTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    /// <summary>Sums each instrument's measurements by name and tags, from this app's meter only (other tests run other apps).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<string, long> sums = new();

        public Measurements(IMeterFactory scope)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PortalMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var key = instrument.Name + string.Concat(tags.ToArray().OrderBy(t => t.Key).Select(t => $" {t.Key}={t.Value}"));
                sums.AddOrUpdate(key, value, (_, sum) => sum + value);
            });
            listener.Start();
        }

        public long this[string key] => sums.GetValueOrDefault(key);

        public void Dispose() => listener.Dispose();
    }

    [Fact]
    public async Task Plays_refusals_by_reason_and_created_tokens_are_counted()
    {
        using var measured = new Measurements(factory.Services.GetRequiredService<IMeterFactory>());
        var video = await factory.VideoAsync();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, PortalFactory.OrgCode);
        var viewer = new ViewerKit(factory);

        // Two tokens through the API, one single-use.
        var reusable = await ApiKit.ExpectAsync(await client.PostAsync(ApiKit.V1Tokens(PortalFactory.OrgCode, video.Id), ApiKit.Json(new JsonObject())), HttpStatusCode.Created);
        var once = await ApiKit.ExpectAsync(await client.PostAsync(ApiKit.V1Tokens(PortalFactory.OrgCode, video.Id),
            ApiKit.Json(new JsonObject { ["expires_after_first_usage"] = true })), HttpStatusCode.Created);
        var onceCode = Guid.Parse(once["code"]!.GetValue<string>());

        // One play each; the single-use token's second load is refused as used, an unknown code as not found.
        await viewer.StartedAsync(video.Id, Guid.Parse(reusable["code"]!.GetValue<string>()));
        await viewer.StartedAsync(video.Id, onceCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.LoadAsync(ViewerKit.Url(video.Id, onceCode))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.LoadAsync(ViewerKit.Url(video.Id, Guid.NewGuid()))).Status);

        Assert.Equal(2, measured["adminportal.tokens.created"]);
        Assert.Equal(2, measured["adminportal.plays"]);
        Assert.Equal(1, measured["adminportal.playback.refusals reason=used_up stage=load"]);
        Assert.Equal(1, measured["adminportal.playback.refusals reason=not_found stage=load"]);
    }

    [Fact]
    public void Without_an_otlp_endpoint_no_tracing_is_set_up()
    {
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_reach_the_collector()
    {
        using var collector = new FakeCollector();
        await using var traced = new PortalFactory
        {
            Settings =
            {
                [Telemetry.EndpointSetting] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await traced.Browser().GetAsync("/Account/Login")).StatusCode);

        Assert.True(traced.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(traced.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
    }

    /// <summary>An OTLP/HTTP endpoint on loopback that accepts everything and remembers where it was sent.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly System.Net.HttpListener listener = new();
        private readonly ConcurrentBag<string> paths = [];

        public FakeCollector()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(Url + "/");
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Url { get; }

        public IReadOnlyCollection<string> Paths => paths;

        private async Task AcceptAsync()
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    paths.Add(context.Request.Url!.AbsolutePath);
                    await context.Request.InputStream.CopyToAsync(Stream.Null);
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/x-protobuf";
                    context.Response.Close();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        }

        public void Dispose() => listener.Close();
    }

    [Theory]
    [InlineData(Web.Playback.PlaybackRefusal.UsedUp, "used_up")]
    [InlineData(Web.Playback.PlaybackRefusal.SiteNotAllowed, "site_not_allowed")]
    [InlineData(Web.Playback.PlaybackRefusal.Expired, "expired")]
    public void Refusal_reasons_are_tagged_in_snake_case(Web.Playback.PlaybackRefusal reason, string tag) =>
        Assert.Equal(tag, PortalMetrics.ReasonTag(reason));
}
