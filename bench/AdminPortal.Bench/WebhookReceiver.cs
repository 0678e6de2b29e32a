using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace AdminPortal.Bench;

/// <summary>
/// The --webhooks run's customer backend: an HttpListener on loopback that answers every delivery 200 and counts them by
/// event type. It reads each body, as a real receiver would, but verifies nothing.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> AllEvents =
        ["token.created", "token.updated", "token.revoked", "playback.started", "playback.refused", "playback.ended", "video.ready", "video.failed"];

    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, int> byType = new();
    private readonly Task loop;
    private int received;

    private WebhookReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}/hooks/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public int Received => Volatile.Read(ref received);

    public string ByType => string.Join(", ", byType.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"));

    public static WebhookReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new WebhookReceiver(port);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                var type = JsonNode.Parse(body)?["type"]?.GetValue<string>() ?? "?";
                byType.AddOrUpdate(type, 1, (_, n) => n + 1);
                Interlocked.Increment(ref received);
                context.Response.StatusCode = 200;
                context.Response.Close();
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
