using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdminPortal.E2E.Infrastructure;

/// <summary>An organization's backend receiving webhooks: a loopback Kestrel server that keeps every delivery.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly ConcurrentQueue<Delivery> received;

    private WebhookReceiver(WebApplication app, string url, ConcurrentQueue<Delivery> received)
    {
        this.app = app;
        this.received = received;
        Url = url;
    }

    public sealed record Delivery(string Id, long Timestamp, string Signature, string Body);

    public string Url { get; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var received = new ConcurrentQueue<Delivery>();
        app.MapPost("/hooks/adminportal", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.Enqueue(new Delivery(context.Request.Headers["webhook-id"].ToString(),
                long.Parse(context.Request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                context.Request.Headers["webhook-signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.Text("received");
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        return new WebhookReceiver(app, $"http://127.0.0.1:{port}/hooks/adminportal", received);
    }

    /// <summary>Waits until a delivery of <paramref name="type"/> has arrived, and answers it.</summary>
    public async Task<Delivery> WaitForAsync(string type, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (received.FirstOrDefault(d => d.Body.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < until, $"No {type} delivery arrived; got {received.Count}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
