using System.Diagnostics;
using System.Net;

namespace AdminPortal.Bench;

/// <summary>Many viewers loading one single-use token at the same moment: exactly one may play.</summary>
public static class Burst
{
    public sealed record BurstResult(int Loads, int Played, int Refused, int Failed, double Milliseconds);

    /// <summary>
    /// <paramref name="loads"/> concurrent GETs of <paramref name="path"/>, each on its own connection.
    /// When a play is spent by a "session start" POST instead of the page load, pass that request here.
    /// </summary>
    public static async Task<BurstResult> RunAsync(string baseUrl, string path, int loads)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = loads, PooledConnectionLifetime = TimeSpan.Zero };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var start = new TaskCompletionSource();
        var requests = Enumerable.Range(0, loads).Select(async _ =>
        {
            await start.Task;
            try
            {
                using var answer = await http.GetAsync(path);
                return answer.StatusCode;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode)0;
            }
        }).ToList();
        var watch = Stopwatch.StartNew();
        start.SetResult();
        var statuses = await Task.WhenAll(requests);
        watch.Stop();
        return new BurstResult(loads,
            statuses.Count(s => s == HttpStatusCode.OK),
            statuses.Count(s => s == HttpStatusCode.Forbidden),
            statuses.Count(s => s is not HttpStatusCode.OK and not HttpStatusCode.Forbidden),
            watch.Elapsed.TotalMilliseconds);
    }
}
