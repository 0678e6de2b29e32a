using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>A customer's webhook receiver on a loopback port: records every delivery and answers <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Delivery(string Id, string Timestamp, string Signature, string Body)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
        public string Type => Json["type"]!.GetValue<string>();
    }

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Delivery> Received { get; } = new();

    /// <summary>What the receiver answers; change it to make deliveries fail or succeed.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Received.Enqueue(new Delivery(context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(), body));
            context.Response.StatusCode = (int)receiver.Status;
            await context.Response.WriteAsync(receiver.Status == HttpStatusCode.OK ? "thanks" : "receiver is down");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>Waits (real time) until <paramref name="done"/> holds over what was received.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitAsync(Func<IReadOnlyList<Delivery>, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var all = Received.ToList();
            if (done(all))
            {
                return all;
            }
            Assert.True(DateTime.UtcNow < until, $"The receiver got {all.Count} deliveries: {string.Join(", ", all.Select(d => d.Type))}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
