using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdminPortal.Bench;

/// <summary>What one wrk run measured (its scripts print it from lua/common.lua's done()).</summary>
public sealed record WrkResult(long Requests, long DurationUs, long Non2xx, long SocketErrors, long P50Us, long P99Us, double MeanUs, long Counted, long Played)
{
    public double Seconds => DurationUs / 1e6;
    public double RequestsPerSecond => Requests / Seconds;
    public double PlaysPerSecond => Played / Seconds;
    public double P50Ms => P50Us / 1000.0;
    public double P99Ms => P99Us / 1000.0;
}

/// <summary>One load generator run: lua/common.lua plus a figure's script, against one URL.</summary>
public sealed partial class Wrk(string luaFolder, string work)
{
    public async Task<WrkResult> RunAsync(string script, string url, int threads, int connections, TimeSpan duration, IDictionary<string, string>? environment = null)
    {
        // wrk takes one script: the shared reporting first, then the figure's own.
        var combined = Path.Combine(work, $"wrk-{Path.GetFileNameWithoutExtension(script)}.lua");
        await File.WriteAllTextAsync(combined,
            await File.ReadAllTextAsync(Path.Combine(luaFolder, "common.lua")) + "\n" + await File.ReadAllTextAsync(Path.Combine(luaFolder, script)));
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["BENCH_THREADS"] = threads.ToString() };
        var (code, output) = await Shell.RunAsync("wrk",
            ["-t", threads.ToString(), "-c", connections.ToString(), "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--timeout", "10s", "-s", combined, url], env);
        var line = ResultLine().Match(output);
        if (code != 0 || !line.Success)
        {
            throw new InvalidOperationException($"wrk {script} {url} failed ({code}):\n{output}");
        }
        return JsonSerializer.Deserialize<WrkResult>(line.Groups[1].Value, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
    }

    [GeneratedRegex(@"^BENCH (\{.*\})$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
