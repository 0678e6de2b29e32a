using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using StaffPage = AdminPortal.E2E.Pages.StaffPage;

namespace AdminPortal.E2E.Tests;

/// <summary>
/// The four staff jobs the UI was tried on, done as a user does them at 1280 px, with the clicks counted in the page
/// (trusted pointer presses; typing is not counted) and the machine-driven time measured. Each job must end where the
/// user wanted, in fewer clicks than before the UI work (13, 20 and 38; support had no way at all, now at most 2).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FourJobsTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_four_staff_jobs_end_where_the_user_wanted_in_fewer_clicks_than_before()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        var clicks = 0;
        await session.Context.ExposeFunctionAsync("__apPressed", () => Interlocked.Increment(ref clicks));
        await session.Context.AddInitScriptAsync("document.addEventListener('pointerdown', e => { if (e.isTrusted) window.__apPressed(); }, true);");
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        var shell = new Shell(page);
        await shell.WaitForInteractiveAsync();
        var results = new List<string>();

        async Task<T> JobAsync<T>(string name, int fewerThan, Func<Task<T>> job)
        {
            Interlocked.Exchange(ref clicks, 0);
            var watch = Stopwatch.StartNew();
            var answer = await job();
            results.Add($"{name}: {clicks} clicks, {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.True(clicks < fewerThan, $"{name} took {clicks} clicks (at most {fewerThan - 1} expected).");
            return answer;
        }

        try
        {
            // 1. An Editor makes a single-use watermarked token and copies its embed code.
            var video = new VideoPage(page);
            await JobAsync("Single-use watermarked token, embed copied", 13, async () =>
            {
                await page.GotoAsync("/videos");
                await shell.WaitForInteractiveAsync();
                await video.OpenFromLibraryAsync("Lecture 01: Introduction");
                await video.NewTokenAsync();
                var editor = new TokenEditorPage(page);
                await editor.SetSingleUseAsync();
                await editor.AddAnnotationAsync("static", "Licensed to {ip}");
                await editor.SaveAsync();
                await editor.CopyEmbedCodeAsync();
                Assert.Contains("access_token=", await editor.ClipboardAsync(), StringComparison.Ordinal);
                return true;
            });
            var videoUrl = page.Url[..page.Url.IndexOf("/tokens/", StringComparison.Ordinal)];

            // 2. An Admin adds a colleague, restricts embedding to the school's site and makes a first API call.
            var key = await JobAsync("Colleague added, embedding restricted, first API call", 20, async () =>
            {
                await shell.OpenNavAsync("Staff");
                var staff = new StaffPage(page);
                var email = $"colleague-{Guid.NewGuid():N}@school.example";
                await staff.OpenInviteDialogAsync(email, "Casey Colleague");
                await staff.InviteAsync();
                await staff.CloseLinkDialogAsync();
                await Assertions.Expect(staff.RowOf(email)).ToContainTextAsync("Invited");

                await shell.OpenNavAsync("Settings");
                var settings = new SettingsPage(page);
                await settings.Domains.FillAsync("school.example.com");
                await settings.SaveAsync();
                await Assertions.Expect(settings.Snackbar.Last).ToContainTextAsync("Saved");

                var keys = new ApiKeysPage(page);
                await keys.OpenFromNavAsync();
                var created = await keys.CreateAsync("School website");
                await page.ClickAsync("[data-testid=copy-api-key-curl]");
                // The clipboard is the browser's, shared with earlier tests: read it once the copy is confirmed.
                await Assertions.Expect(shell.Message("curl command copied to the clipboard.")).ToBeVisibleAsync();
                var curl = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
                await keys.CloseDialogAsync();
                // The copied command, run as the Admin would paste it: its address and its one header.
                var url = Regex.Match(curl, @"curl -s (\S+)").Groups[1].Value;
                var header = Regex.Match(curl, "-H \"Authorization: (Token [0-9a-f]{40})\"").Groups[1].Value;
                using var api = new HttpClient();
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Authorization", header);
                using var answer = await api.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.NotNull((await answer.Content.ReadFromJsonAsync<JsonObject>())!["results"]);
                return created;
            });

            // The school's backend mints a link; a viewer opens it on a site that is not the school's, and is refused.
            using var backend = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
            backend.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Token {key}");
            var videoId = videoUrl[(videoUrl.LastIndexOf('/') + 1)..];
            var minted = await backend.PostAsJsonAsync($"/api/v1/demo/assets/{videoId}/access_tokens/", new { time_to_live = 3600 });
            Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
            var code = (await minted.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
            await using (var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl))
            {
                var viewer = await session.Context.NewPageAsync();
                await viewer.GotoAsync(site.PageFor($"{browser.Portal.BaseUrl}/embed/demo/{videoId}/?access_token={code}"));
                await Assertions.Expect(viewer.FrameLocator("iframe").Locator("body")).ToContainTextAsync($"Link code: {code[..8]}");
                await viewer.CloseAsync();
            }

            // 3. Support looks up the code the viewer quoted and sees why the link fails.
            await JobAsync("Support finds why a viewer's link fails", 3, async () =>
            {
                var finder = page.Locator("[data-testid=token-finder] input, input[data-testid=token-finder]").First;
                await finder.FillAsync(code[..8]);
                await finder.PressAsync("Enter");
                await Assertions.Expect(video.RefusedHistory.First).ToContainTextAsync("not on the allowed list");
                await page.Keyboard.PressAsync("Escape");
                return true;
            });

            // 4. Five tokens for five students, two of them revoked and one extended.
            var csv = Path.Combine(Path.GetTempPath(), $"five-students-{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(csv, "viewer\nana@school.example\nben@school.example\ncruz@school.example\ndee@school.example\neli@school.example\n");
            await JobAsync("Five students' tokens, two revoked, one extended", 38, async () =>
            {
                await page.GotoAsync(videoUrl);
                await shell.WaitForInteractiveAsync();
                await page.ClickAsync("[data-testid=token-create-many]");
                var bulk = new BulkTokensPage(page);
                await page.Locator("[data-testid=bulk-heading]").WaitForAsync();
                await bulk.ChooseCsvAsync(csv);
                Interlocked.Increment(ref clicks); // choosing the file in the browser's file picker
                var lines = await bulk.CreateAndDownloadAsync();
                Assert.Equal(6, lines.Length);
                await page.GetByText("Back to video").First.ClickAsync();
                await video.Heading.WaitForAsync();

                foreach (var student in new[] { "ana@school.example", "ben@school.example" })
                {
                    await video.Rows.Filter(new() { HasText = student }).Locator("input[type=checkbox]").CheckAsync();
                }
                await page.ClickAsync("[data-testid=token-revoke-selected]");
                await page.ClickAsync(".mud-dialog [data-testid=confirm]");
                await Assertions.Expect(VideoPage.StatusOf(video.Rows.Filter(new() { HasText = "ben@school.example" }))).ToHaveTextAsync("Revoked");

                await video.Rows.Filter(new() { HasText = "cruz@school.example" }).Locator("[data-testid=token-menu]").ClickAsync();
                await page.GetByText("Extend time to live").ClickAsync();
                await page.ClickAsync("[data-testid=extend-confirm]");
                await Assertions.Expect(page.Locator("[data-testid=extend-dialog]")).ToHaveCountAsync(0);
                await Assertions.Expect(VideoPage.StatusOf(video.Rows.Filter(new() { HasText = "ana@school.example" }))).ToHaveTextAsync("Revoked");
                return true;
            });
            File.Delete(csv);
            session.AssertNoConsoleErrors();
        }
        finally
        {
            foreach (var line in results)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(line);
                Console.WriteLine($"  Four jobs, {line}");
            }
            await browser.Portal.AllowEmbeddingAnywhereAsync();
        }
    }
}
