using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AdminPortal.Bench;

/// <summary>One row of the table. <see cref="Met"/> is null where there is no goal.</summary>
public sealed record Figure(string Name, string Result, string Goal, bool? Met, double? RatioToStatic, object Data);

/// <summary>The whole run: publish, start, load data, measure each figure, print the table, write the JSON.</summary>
public static class BenchRun
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static async Task<List<string>> RunAsync(Settings settings)
    {
        var repo = RepoRoot();
        var work = Directory.CreateTempSubdirectory("adminportal-bench-").FullName;
        try
        {
            return await RunInAsync(settings, repo, work);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<string>> RunInAsync(Settings settings, string repo, string work)
    {
        var failures = new List<string>();
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        Step($"{(settings.Quick ? "Quick" : "Full")} run in {work}; load average {loadBefore}");

        Step($"Publishing the app ({settings.Configuration})");
        var app = await Portal.PublishAsync(repo, work, settings.Configuration);
        Step("Starting it in Production on 127.0.0.1");
        await using var portal = await Portal.StartAsync(app, work);
        using var api = new Api(portal.BaseUrl);
        await api.LoginAsync(Portal.AdminEmail, portal.AdminPassword);
        var videos = await api.VideoIdsAsync();
        if (videos.Count < 2)
        {
            throw new InvalidOperationException($"The seed made {videos.Count} videos; the bench needs two.");
        }
        var (listVideo, playVideo) = (videos[0], videos[1]);

        Step($"Inserting {settings.ListTokens:N0} tokens on one video and {settings.FreshTokens:N0} fresh single-use tokens on another");
        await BulkData.InsertMixedAsync(portal.DatabasePath, listVideo, settings.ListTokens);
        var fresh = await BulkData.InsertFreshAsync(portal.DatabasePath, playVideo, settings.FreshTokens);
        var freshFile = Path.Combine(work, "fresh-tokens.txt");
        await File.WriteAllLinesAsync(freshFile, fresh);
        await using var receiver = settings.Webhooks ? WebhookReceiver.Start() : null;
        if (receiver is not null)
        {
            Step($"One webhook endpoint subscribed to every event, at {receiver.Url}");
            await api.AddWebhookAsync(receiver.Url, WebhookReceiver.AllEvents);
        }
        var reusable = await api.CreateTokenAsync(playVideo, new { time_to_live = 86_400 });
        var rssStart = portal.ResidentBytes();

        var wrk = new Wrk(Path.Combine(repo, "bench", "lua"), work);
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var keyed = new Dictionary<string, string> { ["BENCH_KEY"] = api.Key };
        var figures = new List<Figure>();

        var staticPath = await FirstServedAsync(api, ["/js/player.js", "/js/watermark.js", "/favicon.png"]);
        Step($"Static file baseline ({staticPath})");
        var baseline = await wrk.RunAsync("get.lua", portal.BaseUrl + staticPath, settings.Threads, settings.Connections, duration);
        Check(baseline, "static file", failures);
        figures.Add(Load($"Static file `{staticPath}` (baseline)", baseline, baseline, "", null));

        // Before the plays: the tens of thousands of sessions they start go silent 45 s later, and announcing those
        // ends would be counted as the heartbeats' cost. The figure keeps its place in the table.
        Step($"Heartbeats: {settings.HeartbeatSessions:N0} sessions, each beating every {settings.HeartbeatPeriod.TotalSeconds:N0} s, for two periods");
        var beats = await Heartbeats.RunAsync(portal.BaseUrl, api.EmbedPath(playVideo) + reusable, portal.ProcessId, settings.HeartbeatSessions,
            settings.HeartbeatPeriod, rounds: 2);
        if (beats.Failed > 0 || beats.Beats != 2 * beats.Sessions)
        {
            failures.Add($"heartbeats: {beats.Failed:N0} of {beats.Beats:N0} heartbeats failed ({beats.Sessions:N0} sessions, 2 beats each expected).");
        }

        Step("Embed page, reusable token");
        var embed = await wrk.RunAsync("get.lua", portal.BaseUrl + api.EmbedPath(playVideo) + reusable, settings.Threads, settings.Connections, duration);
        Check(embed, "embed page, reusable token", failures);
        figures.Add(Load("Embed page, reusable token", embed, baseline, "≥ 50% of static, p99 ≤ 20 ms",
            embed.RequestsPerSecond >= 0.5 * baseline.RequestsPerSecond && embed.P99Ms <= 20));

        Step("Page load + session start, a fresh single-use token per play");
        var plays = await wrk.RunAsync("session.lua", portal.BaseUrl, settings.Threads, settings.Connections, duration,
            new Dictionary<string, string> { ["BENCH_TOKENS"] = freshFile, ["BENCH_PREFIX"] = api.EmbedPath(playVideo) });
        if (plays.Counted > 0)
        {
            failures.Add($"page load + session start: the {fresh.Count:N0} fresh tokens ran out ({plays.Counted} wrap-arounds); insert more.");
        }
        Check(plays, "page load + session start", failures);
        // Each play is two requests; more pages than the connections' worth without their start means the ticket was not read.
        if (plays.Played == 0 || plays.Requests - 2 * plays.Played > 2 * settings.Connections)
        {
            failures.Add($"page load + session start: {plays.Played:N0} sessions started in {plays.Requests:N0} requests; each page load must be followed by its start.");
        }
        figures.Add(new Figure("Page load + session start, fresh single-use token each (one play = GET + POST)",
            $"{plays.PlaysPerSecond:N0} plays/s ({plays.RequestsPerSecond:N0} req/s), p99 per request {plays.P99Ms:N1} ms",
            "plays ≥ 25% of static req/s", plays.PlaysPerSecond >= 0.25 * baseline.RequestsPerSecond, plays.PlaysPerSecond / baseline.RequestsPerSecond, plays));

        Step($"Single-use burst: {settings.BurstLoads:N0} page loads of one token, then their {settings.BurstLoads:N0} session starts at once");
        var single = await api.CreateTokenAsync(playVideo, new { time_to_live = 3_600, expires_after_first_usage = true });
        var burst = await Burst.RunAsync(portal.BaseUrl, api.EmbedPath(playVideo) + single, settings.BurstLoads);
        if (burst.Won != 1 || burst.Refused != burst.Starts - 1 || burst.Failed > 0)
        {
            failures.Add($"single-use burst: {burst.Won} started, {burst.Refused} refused, {burst.Failed} failed of {burst.Starts} ({burst.PageLoads} pages loaded); exactly 1 must start.");
        }
        figures.Add(new Figure($"Single-use burst, {burst.Starts:N0} concurrent session starts of one token",
            $"{burst.Won} started, {burst.Refused:N0} refused, {burst.Failed} failed in {burst.Milliseconds:N0} ms", "exactly 1 starts", burst.Won == 1 && burst.Failed == 0, null, burst));

        figures.Add(new Figure($"Heartbeats of {beats.Sessions:N0} live sessions, one per {settings.HeartbeatPeriod.TotalSeconds:N0} s each",
            $"{beats.ShareOfOneCore:0.0%} of one core ({beats.CpuSeconds:N1} s CPU in {beats.WindowSeconds:N0} s), p99 {beats.P99Ms:N1} ms",
            "< 10% of one core", beats.ShareOfOneCore < 0.10, null, beats));

        Step("Token create over the API");
        var create = await wrk.RunAsync("post.lua", portal.BaseUrl + api.TokensPath(playVideo), settings.Threads, settings.Connections, duration,
            new Dictionary<string, string>(keyed) { ["BENCH_BODY"] = """{"time_to_live": 3600, "expires_after_first_usage": true}""" });
        Check(create, "token create", failures);
        figures.Add(Load("Token create (API)", create, baseline, "≥ 3,000/s, p99 ≤ 25 ms", create.RequestsPerSecond >= 3_000 && create.P99Ms <= 25));

        var list = api.TokensPath(listVideo);
        var all = (await api.GetAsync(list + "?limit=1"))["count"]!.GetValue<int>();
        var active = (await api.GetAsync(list + "?is_active=true&limit=1"))["count"]!.GetValue<int>();
        var expired = (await api.GetAsync(list + "?is_active=false&limit=1"))["count"]!.GetValue<int>();
        var deep = (await api.GetAsync(list + $"?limit=50&offset={settings.DeepOffset}"))["results"]!.AsArray().Count;
        if (all != settings.ListTokens || active + expired != all || deep != 50)
        {
            failures.Add($"token list: count {all} (expected {settings.ListTokens}), active {active} + expired {expired}, deep page {deep} rows (expected 50).");
        }
        var pages = new (string Name, string Query)[]
        {
            ("first page", "?limit=50"),
            ($"deep page (offset {settings.DeepOffset:N0})", $"?limit=50&offset={settings.DeepOffset}"),
            ("active filter", "?is_active=true&limit=50"),
            ("expired filter", "?is_active=false&limit=50"),
        };
        foreach (var (name, query) in pages)
        {
            Step($"Token list, {name}, {settings.ListTokens:N0} tokens, one connection");
            // One connection: the latency is the server's time for one page, not a queue.
            var page = await wrk.RunAsync("get.lua", portal.BaseUrl + list + query, 1, 1, duration, keyed);
            Check(page, "token list " + name, failures);
            figures.Add(Load($"Token list at {Short(settings.ListTokens)}, {name} (1 connection)", page, baseline, "p99 ≤ 20 ms", page.P99Ms <= 20));
        }

        Step("API login (each key logged out again)");
        // Password hashing takes a good part of a second on a busy machine: give logins time to finish even in quick mode.
        var login = await wrk.RunAsync("login.lua", portal.BaseUrl, settings.Threads, Math.Max(settings.Threads, 8), TimeSpan.FromSeconds(Math.Max(settings.Seconds, 5)),
            new Dictionary<string, string> { ["BENCH_BODY"] = JsonSerializer.Serialize(new { username = Portal.AdminEmail, password = portal.AdminPassword, organization_id = Portal.OrganizationCode }) });
        Check(login, "API login", failures);
        if (login.Counted == 0)
        {
            failures.Add("API login: no login succeeded.");
        }
        var logins = login.Counted / login.Seconds;
        figures.Add(new Figure("API login (8 connections)", $"{logins:N0} logins/s, p99 {login.P99Ms:N1} ms", "— (password hashing by design)", null,
            logins / baseline.RequestsPerSecond, login));

        Step($"Token grid in Chromium over {settings.ListTokens:N0} tokens");
        try
        {
            var grid = await Grid.MeasureAsync(portal, listVideo);
            if (grid.Rows == 0)
            {
                failures.Add("token grid: no rows.");
            }
            figures.Add(new Figure($"Token grid in Chromium, {Short(settings.ListTokens)} tokens", $"rows visible {grid.RowsVisibleMs:N0} ms, next page {grid.NextPageMs:N0} ms",
                "≤ 1 s", grid.RowsVisibleMs <= 1_000 && grid.NextPageMs <= 1_000, null, grid));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            failures.Add("token grid: " + e.Message.Split('\n')[0]);
        }

        var bulkViewers = settings.Quick ? 100 : 10_000;
        Step($"Create many: {bulkViewers:N0} viewers from a CSV in Chromium");
        try
        {
            var bulk = await BulkCsv.MeasureAsync(portal, playVideo, bulkViewers, work);
            if (bulk.Created != bulk.Viewers)
            {
                failures.Add($"create many: {bulk.Created:N0} tokens created for {bulk.Viewers:N0} viewers.");
            }
            figures.Add(new Figure($"Create many, {bulk.Viewers:N0} viewers from a CSV (Chromium, click to result)", $"{bulk.Milliseconds / 1000:N1} s",
                "< 10 s for 10,000", settings.Quick ? null : bulk.Milliseconds < 10_000, null, bulk));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            failures.Add("create many: " + e.Message.Split('\n')[0]);
        }

        if (settings.Soak)
        {
            figures.Add(await SoakAsync(settings, portal, api, wrk, playVideo, listVideo, reusable, keyed));
        }

        if (receiver is not null)
        {
            // Give the dispatcher a moment to drain, then report what arrived.
            await Task.Delay(TimeSpan.FromSeconds(settings.Quick ? 2 : 10));
            if (receiver.Received == 0)
            {
                failures.Add("webhooks: the receiver got no delivery.");
            }
            figures.Add(new Figure("Webhook deliveries received (one endpoint, every event)", $"{receiver.Received:N0} ({receiver.ByType})", "—", null, null,
                new { receiver.Received, receiver.ByType }));
        }

        var rssEnd = portal.ResidentBytes();
        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        Print(figures, settings, rssStart, rssEnd, loadBefore, loadAfter);
        await WriteJsonAsync(repo, settings, figures, rssStart, rssEnd, loadBefore, loadAfter);
        return failures;
    }

    private static async Task<Figure> SoakAsync(Settings settings, Portal portal, Api api, Wrk wrk, string playVideo, string listVideo, string reusable,
        Dictionary<string, string> keyed)
    {
        Step($"Soak: {settings.SoakLength.TotalMinutes:N0} minutes of mixed load (embed pages, creates, list pages)");
        var before = portal.ResidentBytes();
        var loads = await Task.WhenAll(
            wrk.RunAsync("get.lua", portal.BaseUrl + api.EmbedPath(playVideo) + reusable, 1, 16, settings.SoakLength),
            wrk.RunAsync("post.lua", portal.BaseUrl + api.TokensPath(playVideo), 1, 16, settings.SoakLength,
                new Dictionary<string, string>(keyed) { ["BENCH_BODY"] = """{"time_to_live": 60}""" }),
            wrk.RunAsync("get.lua", portal.BaseUrl + api.TokensPath(listVideo) + "?limit=50", 1, 8, settings.SoakLength, keyed));
        var after = portal.ResidentBytes();
        var growth = (after - before) / (double)before;
        return new Figure($"RSS over a {settings.SoakLength.TotalMinutes:N0}-minute mixed load",
            $"{Mb(before)} → {Mb(after)} ({growth:+0.0%;-0.0%}); {loads.Sum(l => l.Requests):N0} requests", "growth < 10%", growth < 0.10, null,
            new { before, after, loads });
    }

    private static Figure Load(string name, WrkResult result, WrkResult baseline, string goal, bool? met) =>
        new(name, $"{result.RequestsPerSecond:N0} req/s, p99 {result.P99Ms:N1} ms", goal == "" ? "—" : goal, met,
            result.RequestsPerSecond / baseline.RequestsPerSecond, result);

    /// <summary>A run whose answers were errors measured nothing: say so loudly.</summary>
    private static void Check(WrkResult result, string figure, List<string> failures)
    {
        if (result.Requests == 0)
        {
            failures.Add($"{figure}: no request completed.");
        }
        else if (result.Non2xx > 0)
        {
            failures.Add($"{figure}: {result.Non2xx:N0} of {result.Requests:N0} answers were errors.");
        }
    }

    private static async Task<string> FirstServedAsync(Api api, string[] paths)
    {
        foreach (var path in paths)
        {
            if (await api.StatusAsync(path) == System.Net.HttpStatusCode.OK)
            {
                return path;
            }
        }
        throw new InvalidOperationException("None of the static assets answered: " + string.Join(", ", paths));
    }

    private static void Print(List<Figure> figures, Settings settings, long rssStart, long rssEnd, string loadBefore, string loadAfter)
    {
        var table = new StringBuilder();
        table.AppendLine();
        table.AppendLine($"AdminPortal benchmark, {(settings.Quick ? "QUICK (small data, 1 s runs: proves the bench works, measures nothing)" : "full run")}"
            + $"{(settings.Webhooks ? ", with one webhook endpoint subscribed to every event" : "")}, "
            + $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({CpuModel()}), wrk -t{settings.Threads} -c{settings.Connections} -d{settings.Seconds}s");
        table.AppendLine($"Load average before {loadBefore}; after {loadAfter}. App RSS {Mb(rssStart)} → {Mb(rssEnd)}.");
        table.AppendLine();
        table.AppendLine("| figure | result | goal | met | × static |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var f in figures)
        {
            var met = f.Met switch { true => "yes", false => "NO", null => "" };
            var ratio = f.RatioToStatic is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "";
            table.AppendLine($"| {f.Name} | {f.Result} | {f.Goal} | {met} | {ratio} |");
        }
        Console.WriteLine(table.ToString());
    }

    private static async Task WriteJsonAsync(string repo, Settings settings, List<Figure> figures, long rssStart, long rssEnd, string loadBefore, string loadAfter)
    {
        var folder = Path.Combine(repo, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}{(settings.Quick ? "-quick" : "")}{(settings.Webhooks ? "-webhooks" : "")}.json");
        var (_, commit) = await Shell.RunAsync("git", ["-C", repo, "rev-parse", "--short", "HEAD"]);
        var document = new
        {
            at = DateTime.UtcNow,
            commit = commit.Trim(),
            settings,
            machine = new { cores = Environment.ProcessorCount, cpu = CpuModel(), loadBefore, loadAfter },
            rss = new { start = rssStart, end = rssEnd },
            figures,
        };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Results: {Path.GetRelativePath(repo, file)}");
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";

    private static string Short(int count) => count >= 1_000_000 ? $"{count / 1_000_000.0:0.#}M" : count >= 1_000 ? $"{count / 1_000.0:0.#}k" : count.ToString();

    private static void Step(string text) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {text}");

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AdminPortal.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Run the bench from inside the repository (bench/bench.sh).");
    }
}
