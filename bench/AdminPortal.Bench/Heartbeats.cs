using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Bench;

/// <summary>
/// Many viewers watching at once: each session beats once per period, spread evenly over it, as players started at
/// random moments do. The cost is the app's CPU time over the window (from /proc), as a share of one core.
/// </summary>
public static class Heartbeats
{
    public sealed record HeartbeatResult(int Sessions, int Beats, int Failed, double WindowSeconds, double CpuSeconds, double ShareOfOneCore, double P99Ms);

    public static async Task<HeartbeatResult> RunAsync(string baseUrl, string pagePath, int processId, int sessions, TimeSpan period, int rounds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

        var beats = new string?[sessions];
        await Parallel.ForAsync(0, sessions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var page = await http.GetAsync(pagePath, cancellationToken);
            if (page.StatusCode != HttpStatusCode.OK || Burst.PlayerConfig(await page.Content.ReadAsStringAsync(cancellationToken)) is not { } config)
            {
                return;
            }
            using var start = await http.PostAsJsonAsync(config["start"]!.GetValue<string>(), new { ticket = config["ticket"]!.GetValue<string>() }, cancellationToken);
            if (start.StatusCode == HttpStatusCode.Created && await start.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) is { } grant)
            {
                beats[i] = grant["heartbeat"]!.GetValue<string>();
            }
        });
        var live = beats.Where(b => b is not null).Select(b => b!).ToList();
        if (live.Count != sessions)
        {
            throw new InvalidOperationException($"Only {live.Count:N0} of {sessions:N0} sessions started.");
        }

        // Warm the path first (JIT and tiered recompilation of a cold endpoint are seconds of CPU), unmeasured.
        foreach (var url in live.Take(200))
        {
            using var warm = await http.PostAsJsonAsync(url, new { position = 0, watched = 0, ended = false });
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var latencies = new List<double>(live.Count * rounds);
        var failed = 0;
        var cpuBefore = CpuSeconds(processId);
        var window = Stopwatch.StartNew();
        var spacing = period / live.Count;
        var sent = new List<Task>(live.Count * rounds);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < live.Count; i++)
            {
                var due = period * round + spacing * i;
                if (due > window.Elapsed)
                {
                    await Task.Delay(due - window.Elapsed);
                }
                var url = live[i];
                var watched = (round + 1) * period.TotalSeconds;
                sent.Add(Task.Run(async () =>
                {
                    var one = Stopwatch.StartNew();
                    try
                    {
                        using var answer = await http.PostAsJsonAsync(url, new { position = watched, watched, ended = false });
                        lock (latencies)
                        {
                            latencies.Add(one.Elapsed.TotalMilliseconds);
                            if (answer.StatusCode != HttpStatusCode.OK)
                            {
                                failed++;
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        lock (latencies)
                        {
                            failed++;
                        }
                    }
                }));
            }
        }
        await Task.WhenAll(sent);
        var remaining = period * rounds - window.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
        var elapsed = window.Elapsed.TotalSeconds;
        var cpu = CpuSeconds(processId) - cpuBefore;
        latencies.Sort();
        var p99 = latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))];
        return new HeartbeatResult(live.Count, latencies.Count, failed, elapsed, cpu, cpu / elapsed, p99);
    }

    /// <summary>User plus system time of the process, from /proc/&lt;pid&gt;/stat (fields 14 and 15, in clock ticks).</summary>
    private static double CpuSeconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name, field 3 is at index 0: utime (14) is index 11, stime (15) index 12.
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return ticks / (double)ClockTicksPerSecond;
    }

    // Linux's USER_HZ is 100 on every mainstream architecture.
    private const int ClockTicksPerSecond = 100;
}
