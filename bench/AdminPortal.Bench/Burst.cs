using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdminPortal.Bench;

/// <summary>
/// Many viewers pressing play on one single-use token at the same moment. Each first loads the embed page (which spends
/// nothing) and gets its own start ticket; then all the session starts race, each on its own connection: exactly one may win.
/// </summary>
public static partial class Burst
{
    public sealed record BurstResult(int Starts, int PageLoads, int Won, int Refused, int Failed, double Milliseconds);

    public static async Task<BurstResult> RunAsync(string baseUrl, string pagePath, int starts)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = starts, PooledConnectionLifetime = TimeSpan.Zero };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

        // The page loads, a few at a time (they are not what races): each must answer with the player and its ticket.
        var pages = new (string Start, string Ticket)?[starts];
        await Parallel.ForAsync(0, starts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            try
            {
                using var page = await http.GetAsync(pagePath, cancellationToken);
                if (page.StatusCode == HttpStatusCode.OK && PlayerConfig(await page.Content.ReadAsStringAsync(cancellationToken)) is { } config)
                {
                    pages[i] = (config["start"]!.GetValue<string>(), config["ticket"]!.GetValue<string>());
                }
            }
            catch (HttpRequestException)
            {
                // Counted below as a page that did not load.
            }
        });
        var loaded = pages.Where(p => p is not null).Select(p => p!.Value).ToList();

        var go = new TaskCompletionSource();
        var requests = loaded.Select(async page =>
        {
            await go.Task;
            try
            {
                using var answer = await http.PostAsJsonAsync(page.Start, new { ticket = page.Ticket });
                return answer.StatusCode;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode)0;
            }
        }).ToList();
        var watch = Stopwatch.StartNew();
        go.SetResult();
        var statuses = await Task.WhenAll(requests);
        watch.Stop();
        // A start that lost answers 403 ("already been used"); a page that did not load is a failure too.
        return new BurstResult(starts, loaded.Count,
            statuses.Count(s => s == HttpStatusCode.Created),
            statuses.Count(s => s == HttpStatusCode.Forbidden),
            statuses.Count(s => s is not HttpStatusCode.Created and not HttpStatusCode.Forbidden) + (starts - loaded.Count),
            watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>The player's settings where player.js reads them: the frame's data-config attribute (HTML-encoded JSON).</summary>
    public static JsonObject? PlayerConfig(string html)
    {
        var attribute = DataConfig().Match(html);
        return attribute.Success ? JsonNode.Parse(WebUtility.HtmlDecode(attribute.Groups[1].Value)) as JsonObject : null;
    }

    [GeneratedRegex("data-config=\"([^\"]*)\"")]
    private static partial Regex DataConfig();
}
