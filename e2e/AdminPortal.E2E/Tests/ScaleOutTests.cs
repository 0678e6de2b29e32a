using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Tests.Infrastructure;

namespace AdminPortal.E2E.Tests;

/// <summary>
/// Two instances of the built app (each its own process and data folder) on one PostgreSQL database and one shared media
/// folder, behind nginx running deploy/nginx.conf, all on loopback: they act as one portal.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ScaleOutTests(BrowserFixture browser)
{
    private const string Org = "scale";
    private const string Email = "admin@scale.test";
    private const string Password = "Scale-Password-1";

    [Fact]
    public async Task Two_instances_behind_nginx_serve_staff_and_viewers_as_one_portal_and_survive_losing_one()
    {
        Assert.SkipWhen(TestDatabase.PostgreSqlServer is null, "Needs the PostgreSQL test cluster in ADMINPORTAL_TEST_POSTGRES (test.sh starts one).");
        Assert.SkipUnless(File.Exists(NginxProxy.NginxPath), "Needs nginx (test.sh installs it).");
        var output = TestContext.Current.TestOutputHelper;
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-scale", Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__AdminPortal"] = TestDatabase.PostgreSqlConnectionString(folder),
            ["Media__Root"] = Path.Combine(folder, "media"),
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            // The build output serves Blazor's scripts only in Development (a published app serves them in Production).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        var clock = Stopwatch.StartNew();
        try
        {
            // Both start at once on a new database: one migrates and seeds while the other waits its turn.
            var starting = new[] { "a", "b" }.Select(name => AppProcess.StartAsync(Path.Combine(folder, name), Org, Email, Password, shared)).ToArray();
            using var a = await starting[0];
            using var b = await starting[1];
            using var proxy = await NginxProxy.StartAsync(a.Port, b.Port);
            output?.WriteLine($"Started PostgreSQL database, two instances and nginx: {clock.ElapsedMilliseconds} ms");

            using var apiA = await a.ClientAsync(Email, Password, Org);
            var videoId = (await apiA.GetFromJsonAsync<JsonObject>($"/api/v1/{Org}/assets/?limit=1", Ct))!["results"]![0]!["id"]!.GetValue<string>();

            bool Diagnose(string phase)
            {
                output?.WriteLine($"{phase} failed.\nInstance A:\n{a.Output}\nInstance B:\n{b.Output}\nnginx:\n{proxy.ErrorLog()}\n"
                    + string.Join('\n', proxy.Log("/").TakeLast(40)));
                return false;
            }

            async Task Phase(string name, Func<Task> run)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await run();
                }
                catch (Exception) when (Diagnose(name))
                {
                    throw;
                }
                output?.WriteLine($"{name}: {watch.ElapsedMilliseconds} ms");
                Console.WriteLine($"Scale-out test, {name}: {watch.ElapsedMilliseconds} ms");
            }

            await Phase("staff journey in Chromium through the proxy", () => StaffJourneyAsync(proxy, a, b));
            await Phase("1,000 concurrent session starts of one single-use token", () => SingleUseRaceAsync(proxy, apiA, videoId, a, b));
            await Phase("revoke on A, refused on B; API key from A on B", () => RevokeAndKeyAsync(apiA, a, b, videoId));
            await Phase("instance B killed during a load of the embed page", () => KillOneAsync(proxy, apiA, videoId, a, b));
        }
        finally
        {
            await TestDatabase.DropPostgreSqlAsync(folder);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sign in, create a token, copy its snippet and play it on another origin, all through nginx.</summary>
    private async Task StaffJourneyAsync(NginxProxy proxy, AppProcess a, AppProcess b)
    {
        await using var session = await browser.NewSessionAsync(baseUrl: proxy.BaseUrl);
        var page = session.Page;
        await new LoginPage(page).SignInAsync(Email, Password);
        await page.WaitForURLAsync("**/videos");

        var videoPage = new VideoPage(page);
        try
        {
            await videoPage.OpenFromLibraryAsync("Product demo");
        }
        catch (TimeoutException)
        {
            session.AssertNoConsoleErrors(); // the browser's reason, when it has one
            throw;
        }
        await videoPage.NewTokenAsync();
        var editor = new TokenEditorPage(page);
        var code = await editor.SaveAsync();
        await editor.CopyEmbedCodeAsync();
        // The clipboard is the browser's, shared with earlier tests: read it once the copy is confirmed.
        await Assertions.Expect(new Shell(page).Message("Embed code copied to the clipboard.")).ToBeVisibleAsync();
        var snippet = await editor.ClipboardAsync();
        Assert.Contains($"{proxy.BaseUrl}/embed/{Org}/", snippet);
        Assert.Contains($"access_token={code}", snippet);
        session.AssertNoConsoleErrors();

        // The sign-in cookie one instance issued is honoured by both (Data Protection keys in the database).
        var cookies = await session.Context.CookiesAsync();
        var auth = cookies.Single(c => c.Name == "AdminPortal.Auth");
        foreach (var instance in new[] { a, b })
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, instance.BaseUrl + "/videos");
            request.Headers.Add("Cookie", $"{auth.Name}={auth.Value}");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Ct)).StatusCode);
        }

        await using var site = await EmbeddingSite.StartAsync(proxy.BaseUrl, snippet);
        var customer = await session.Context.NewPageAsync();
        await customer.GotoAsync(site.PastedPage);
        var player = customer.FrameLocator("iframe");
        await player.Locator("video").WaitForAsync();
        await player.Locator("[data-testid=player-start]").ClickAsync();
        var embed = customer.Frames.Single(f => f.Url.Contains("/embed/", StringComparison.Ordinal));
        await embed.WaitForFunctionAsync("() => document.querySelector('video')?.currentTime > 0.2", null, new() { Timeout = 30_000 });
        await customer.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "scale-out-player.png") });
        session.AssertNoConsoleErrors();
    }

    /// <summary>1,000 session starts of one single-use token at once, spread by nginx over both instances: exactly one plays.</summary>
    private static async Task SingleUseRaceAsync(NginxProxy proxy, HttpClient api, string videoId, AppProcess a, AppProcess b)
    {
        var code = await CreateTokenAsync(api, videoId, singleUse: true);
        // Page loads spend nothing; each gives the player a start ticket. Without cookies, nginx spreads them.
        var tickets = new List<(string Start, string Ticket)>();
        for (var i = 0; i < 10; i++)
        {
            using var viewer = new HttpClient { BaseAddress = new Uri(proxy.BaseUrl) };
            var config = PlayerConfig(await viewer.GetStringAsync($"/embed/{Org}/{videoId}/?access_token={code}", Ct));
            tickets.Add((config["start"]!.GetValue<string>(), config["ticket"]!.GetValue<string>()));
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 500, UseCookies = false })
        {
            BaseAddress = new Uri(proxy.BaseUrl),
            Timeout = TimeSpan.FromSeconds(120),
        };
        using var go = new SemaphoreSlim(0);
        var starts = Enumerable.Range(0, 1000).Select(async i =>
        {
            await go.WaitAsync(Ct);
            var (start, ticket) = tickets[i % tickets.Count];
            using var answer = await client.PostAsJsonAsync(start, new { ticket }, Ct);
            return answer.StatusCode;
        }).ToList();
        go.Release(starts.Count);
        var answers = await Task.WhenAll(starts);

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(999, answers.Count(s => s == HttpStatusCode.Forbidden || s == HttpStatusCode.Gone || s == HttpStatusCode.Conflict));
        var served = proxy.Log("/play").Where(l => l.Method == "POST").GroupBy(l => l.Upstream).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(served.GetValueOrDefault($"127.0.0.1:{a.Port}") > 100 && served.GetValueOrDefault($"127.0.0.1:{b.Port}") > 100,
            "Starts per instance: " + string.Join(", ", served.Select(s => $"{s.Key} {s.Value}")));
    }

    /// <summary>Nothing about tokens or keys is remembered per instance longer than a request.</summary>
    private static async Task RevokeAndKeyAsync(HttpClient apiA, AppProcess a, AppProcess b, string videoId)
    {
        var code = await CreateTokenAsync(apiA, videoId, singleUse: false);
        using var viewerB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var page = $"/embed/{Org}/{videoId}/?access_token={code}";
        Assert.Equal(HttpStatusCode.OK, (await viewerB.GetAsync(page, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await apiA.DeleteAsync($"/api/v1/{Org}/assets/{videoId}/access_tokens/{code}/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerB.GetAsync(page, Ct)).StatusCode);

        // A key made by logging in on A works on B.
        using var apiB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        apiB.DefaultRequestHeaders.Authorization = apiA.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync($"/api/v1/{Org}/assets/", Ct)).StatusCode);
        Assert.Equal(a.BaseUrl, apiA.BaseAddress!.ToString().TrimEnd('/'));
    }

    /// <summary>
    /// Eight viewers load the embed page through nginx; B is SIGKILLed once 150 loads have been answered. Only loads in
    /// flight on B at that moment may fail; A serves all the rest.
    /// </summary>
    private static async Task KillOneAsync(NginxProxy proxy, HttpClient apiA, string videoId, AppProcess a, AppProcess b)
    {
        var code = await CreateTokenAsync(apiA, videoId, singleUse: false);
        const int Total = 600;
        var issued = 0;
        var inFlight = 0;
        var answered = 0;
        var failures = new ConcurrentBag<string>();
        var killedAt = -1L;
        var inFlightAtKill = 0;
        var watch = Stopwatch.StartNew();
        var viewers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var viewer = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(proxy.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            while (Interlocked.Increment(ref issued) <= Total && watch.Elapsed < TimeSpan.FromSeconds(120))
            {
                Interlocked.Increment(ref inFlight);
                try
                {
                    using var answer = await viewer.GetAsync($"/embed/{Org}/{videoId}/?access_token={code}", Ct);
                    if (answer.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{(int)answer.StatusCode} at {watch.ElapsedMilliseconds} ms");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{e.Message} at {watch.ElapsedMilliseconds} ms");
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                    Interlocked.Increment(ref answered);
                }
            }
        }, Ct)).ToList();

        while (Volatile.Read(ref answered) < 150 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10, Ct);
        }
        inFlightAtKill = Volatile.Read(ref inFlight);
        b.Kill();
        killedAt = Volatile.Read(ref answered);
        await Task.WhenAll(viewers);

        Assert.True(answered >= Total, $"Only {answered} of {Total} loads ran.");
        Assert.True(failures.Count <= inFlightAtKill, $"{failures.Count} loads failed, {inFlightAtKill} were in flight at the kill: {string.Join("; ", failures)}");
        // After the kill, every load was answered by A: some first tried B (nginx lists "B, A" for those, until each of its
        // workers has seen B fail), none was answered by B.
        var loads = proxy.Log("/embed/").Where(l => l.Method == "GET").ToList();
        var afterKill = loads.Skip((int)killedAt + inFlightAtKill + 8).ToList();
        Assert.NotEmpty(afterKill);
        Assert.All(afterKill, l => Assert.Equal($"127.0.0.1:{a.Port}", l.Upstream.Split(", ")[^1]));
        Assert.Contains(loads.Take((int)killedAt), l => l.Upstream == $"127.0.0.1:{b.Port}");
        Console.WriteLine($"Scale-out test, kill: {answered} loads, {failures.Count} failed, {inFlightAtKill} in flight at the kill");
    }

    private static async Task<string> CreateTokenAsync(HttpClient api, string videoId, bool singleUse)
    {
        using var answer = await api.PostAsJsonAsync($"/api/v1/{Org}/assets/{videoId}/access_tokens/",
            new { time_to_live = 3600, expires_after_first_usage = singleUse }, Ct);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>(Ct))!["code"]!.GetValue<string>();
    }

    /// <summary>The player's settings, where player.js finds them: the frame's data-config attribute (HTML-encoded JSON).</summary>
    private static JsonObject PlayerConfig(string html)
    {
        var attribute = DataConfig().Match(html);
        Assert.True(attribute.Success, "The player page has no data-config.");
        return JsonNode.Parse(WebUtility.HtmlDecode(attribute.Groups[1].Value))!.AsObject();
    }

    [GeneratedRegex("data-config=\"([^\"]*)\"")]
    private static partial Regex DataConfig();
}
