using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Webhooks;

/// <summary>An app that may deliver to the test's loopback receiver over http (as on-premises installs may).</summary>
public sealed class LocalWebhooksFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new()
    {
        Settings = new() { ["Webhooks:AllowHttp"] = "true", ["Webhooks:AllowPrivateNetworks"] = "true" },
    };

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public static class WebhookKit
{
    public static string WebhooksUrl(string org) => $"/api/v1/{org}/webhooks/";

    /// <summary>Adds an endpoint through the API; answers its id and its secret (shown this once).</summary>
    public static async Task<(string Id, string Secret)> AddEndpointAsync(HttpClient admin, string org, string url, params string[] events)
    {
        var body = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject
        {
            ["url"] = url,
            ["events"] = new JsonArray(events.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
        })), HttpStatusCode.Created);
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    /// <summary>Polls (real time) until the condition holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting: {what}.");
            await Task.Delay(50);
        }
    }
}
