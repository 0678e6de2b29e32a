using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Webhooks;
using Microsoft.Data.Sqlite;

namespace AdminPortal.Tests.Webhooks;

/// <summary>
/// The outbox across a crash: the app is killed with SIGKILL while tokens are created (each create commits its token.created
/// event with it), then started again on the same files. Every event of an acknowledged create reaches the receiver, and
/// repeats carry the same webhook-id, so the receiver can de-duplicate.
/// </summary>
public sealed class WebhookDurabilityTests
{
    [Fact]
    public async Task Every_event_committed_before_a_SIGKILL_is_delivered_once_the_app_is_back()
    {
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Webhooks__AllowHttp"] = "true",
            ["Webhooks__AllowPrivateNetworks"] = "true",
        };
        try
        {
            var created = new ConcurrentBag<string>();
            using (var first = await AppProcess.StartAsync(folder, environment))
            {
                using var api = await first.ClientAsync();
                var org = AppProcess.Org;
                var videoId = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/{org}/assets/?limit=1"))!["results"]![0]!["id"]!.GetValue<string>();
                var endpoint = await api.PostAsJsonAsync($"/api/v1/{org}/webhooks/", new { url = receiver.Url, events = new[] { WebhookEvents.TokenCreated } });
                Assert.True(endpoint.StatusCode == HttpStatusCode.Created, await endpoint.Content.ReadAsStringAsync());

                using var stop = new CancellationTokenSource();
                var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            using var answer = await api.PostAsJsonAsync($"/api/v1/{org}/assets/{videoId}/access_tokens/", new { time_to_live = 3600 });
                            if (answer.StatusCode != HttpStatusCode.Created)
                            {
                                return;
                            }
                            created.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                        {
                            return; // the process is gone: this answer never came
                        }
                    }
                })).ToList();

                var deadline = Stopwatch.StartNew();
                while (created.Count < 150 && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(20);
                }
                first.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
            Assert.True(created.Count >= 150, $"Too little load before the kill: {created.Count} creates.");
            var beforeRestart = receiver.Received.Count;

            using (var second = await AppProcess.StartAsync(folder, environment))
            {
                var all = await receiver.WaitAsync(got => created.All(code => got.Any(d => Code(d) == code)), TimeSpan.FromSeconds(90));
                // One webhook-id per event: a repeat (sent, then the crash before it was recorded) has the same id and body.
                foreach (var repeats in all.GroupBy(d => d.Id))
                {
                    Assert.Single(repeats.Select(d => d.Body).Distinct());
                }
                Assert.Equal(all.Select(d => d.Id).Distinct().Count(), all.Select(Code).Distinct().Count());
                Assert.True(all.Count > beforeRestart || beforeRestart >= created.Count, "Nothing was delivered after the restart.");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
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

    private static string Code(WebhookReceiver.Delivery delivery) => delivery.Json["data"]!["code"]!.GetValue<string>();
}
