using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Foundation;

/// <summary>
/// The app as its own process (the built web project, in Production), killed with SIGKILL in the middle of token
/// creates and plays, then started again on the same files: every write it acknowledged must still be there.
/// </summary>
public sealed class DurabilityTests
{
    private const string Org = AppProcess.Org;
    private const string Email = AppProcess.Email;
    private const string Password = AppProcess.Password;

    [Fact]
    public async Task Every_acknowledged_create_and_play_survives_a_SIGKILL()
    {
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var created = new ConcurrentBag<string>();
            var loads = new ConcurrentDictionary<string, int>();
            var starts = new ConcurrentDictionary<string, int>();
            var reusable = new List<string>();
            string videoId;
            using (var first = await AppProcess.StartAsync(folder, Org, Email, Password))
            {
                using var api = await first.ClientAsync(Email, Password, Org);
                videoId = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/{Org}/assets/?limit=1"))!["results"]![0]!["id"]!.GetValue<string>();
                for (var i = 0; i < 4; i++)
                {
                    reusable.Add(await CreateAsync(api, videoId));
                }

                using var stop = new CancellationTokenSource();
                var load = new List<Task>();
                for (var i = 0; i < 4; i++)
                {
                    load.Add(Task.Run(async () =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            try
                            {
                                created.Add(await CreateAsync(api, videoId));
                            }
                            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                            {
                                return; // the process is gone: this answer never came
                            }
                        }
                    }));
                    var code = reusable[i];
                    load.Add(Task.Run(async () =>
                    {
                        using var viewer = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
                        while (!stop.IsCancellationRequested)
                        {
                            try
                            {
                                // A play is what the player does: load the page (recorded, spends nothing), then start
                                // a session with the page's ticket (counted). Each is acknowledged by its success answer.
                                using var page = await viewer.GetAsync($"/embed/{Org}/{videoId}/?access_token={code}");
                                if (page.StatusCode != HttpStatusCode.OK)
                                {
                                    continue;
                                }
                                loads.AddOrUpdate(code, 1, (_, n) => n + 1);
                                var config = PlayerConfig(await page.Content.ReadAsStringAsync());
                                using var start = await viewer.PostAsJsonAsync(config["start"]!.GetValue<string>(), new { ticket = config["ticket"]!.GetValue<string>() });
                                if (start.StatusCode == HttpStatusCode.Created)
                                {
                                    starts.AddOrUpdate(code, 1, (_, n) => n + 1);
                                }
                            }
                            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                            {
                                return;
                            }
                        }
                    }));
                }

                // Kill mid-flight, once writes are flowing.
                var deadline = Stopwatch.StartNew();
                while ((created.Count < 100 || starts.Values.Sum() < 100) && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(20);
                }
                first.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
            Assert.True(created.Count >= 100 && starts.Values.Sum() >= 100, $"Too little load before the kill: {created.Count} creates, {starts.Values.Sum()} session starts.");

            using (var second = await AppProcess.StartAsync(folder, Org, Email, Password))
            {
                using var api = await second.ClientAsync(Email, Password, Org);
                foreach (var code in created.Take(20))
                {
                    Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/{Org}/assets/{videoId}/access_tokens/{code}/")).StatusCode);
                }
                var listed = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/{Org}/assets/{videoId}/access_tokens/?limit=1"))!["count"]!.GetValue<int>();
                Assert.True(listed >= created.Count + 4, $"The list counts {listed} tokens; {created.Count + 4} were acknowledged.");
            }

            await using var db = TestDatabase.Open(folder, "adminportal.db");
            var stored = (await db.AccessTokens.Select(t => t.Code).ToListAsync(TestContext.Current.CancellationToken)).ToHashSet();
            Assert.DoesNotContain(created, code => !stored.Contains(Guid.Parse(code)));
            foreach (var code in reusable)
            {
                var token = await db.AccessTokens.SingleAsync(t => t.Code == Guid.Parse(code), TestContext.Current.CancellationToken);
                var recorded = await db.PlaybackRecords.CountAsync(r => r.AccessTokenId == token.Id, TestContext.Current.CancellationToken);
                var sessions = await db.PlaybackSessions.CountAsync(r => r.AccessTokenId == token.Id, TestContext.Current.CancellationToken);
                var (pages, started) = (loads.GetValueOrDefault(code), starts.GetValueOrDefault(code));
                Assert.True(token.UseCount >= started, $"Token {code}: {started} session starts acknowledged, {token.UseCount} uses counted.");
                Assert.True(sessions >= started, $"Token {code}: {started} session starts acknowledged, {sessions} sessions stored.");
                Assert.True(recorded >= pages, $"Token {code}: {pages} page loads acknowledged, {recorded} recorded.");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await TestDatabase.DropAsync(folder);
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

    /// <summary>The player's settings, where player.js finds them: the frame's data-config attribute (HTML-encoded JSON).</summary>
    private static JsonObject PlayerConfig(string html)
    {
        var attribute = Regex.Match(html, "data-config=\"([^\"]*)\"");
        Assert.True(attribute.Success, "The player page has no data-config.");
        return JsonNode.Parse(WebUtility.HtmlDecode(attribute.Groups[1].Value))!.AsObject();
    }

    private static async Task<string> CreateAsync(HttpClient api, string videoId)
    {
        using var answer = await api.PostAsJsonAsync($"/api/v1/{Org}/assets/{videoId}/access_tokens/", new { time_to_live = 3600 });
        if (answer.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Create answered {(int)answer.StatusCode}.");
        }
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
    }
}
