using System.Diagnostics;
using System.Globalization;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using VideoPage = AdminPortal.E2E.Pages.VideoPage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

/// <summary>Issue 16's last two parts in a real browser: times in the browser's zone, the portrait preview for portrait videos.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalTimeAndPortraitTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_token_grid_shows_valid_until_in_the_browser_time_zone_with_utc_beside_it()
    {
        await using var session = await browser.NewSessionAsync(timeZone: "America/New_York");
        var page = session.Page;
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        var videoPage = new VideoPage(page);
        await videoPage.OpenFromLibraryAsync("Product demo");
        await videoPage.NewTokenAsync();
        var code = await new TokenEditorPage(page).SaveAsync();
        await new TokenEditorPage(page).BackToVideoAsync();

        var time = videoPage.RowOf(code).Locator("[data-testid=token-valid-until] time");
        await time.WaitForAsync();
        var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var utcText = utc.ToString(local.Date == utc.Date ? "HH:mm" : "d MMM HH:mm", CultureInfo.InvariantCulture);
        await Assertions.Expect(time).ToHaveTextAsync($"{local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} ({utcText} UTC)");
        Assert.StartsWith("America/New_York, UTC\u22120", await time.GetAttributeAsync("title"), StringComparison.Ordinal);
        session.AssertNoConsoleErrors();

        await ScreenshotsAsync(session, shell, "times-grid", videoPage.Grid.Locator("time:visible").First);

        // Staff who prefer UTC choose it in My account (for this browser).
        var videoUrl = page.Url;
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/account");
        await page.CheckAsync("[data-testid=times-utc]");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "times-account-1280-light.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-times]");
        await Assertions.Expect(page.GetByText("Times now show in UTC.")).ToBeVisibleAsync();
        await page.GotoAsync(videoUrl);
        await Assertions.Expect(videoPage.RowOf(code).Locator("[data-testid=token-valid-until] time"))
            .ToHaveTextAsync($"{utc.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} UTC");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_portrait_video_gets_a_portrait_preview_frame_in_the_editor()
    {
        var admin = await AdminAsync();
        var clip = Path.Combine(Path.GetTempPath(), $"e2e-portrait-{Guid.NewGuid():N}.mp4");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=360x640:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip);
        var temp = browser.Portal.Service<MediaStore>().NewTempPath();
        File.Move(clip, temp);
        var added = await browser.Portal.Service<VideoService>().AddUploadedAsync(admin, "Upright clip", temp, null);
        Assert.True(added.IsOk, added.Message);
        var id = added.Value!.Id;
        try
        {
            await WaitUntilReadyAsync(id);
            await using var session = await browser.NewSessionAsync(timeZone: "Europe/Berlin");
            var page = session.Page;
            await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
            await page.WaitForURLAsync("**/videos");
            await page.GotoAsync($"/videos/{id}/tokens/new");
            var shell = new Shell(page);
            await shell.WaitForInteractiveAsync();
            var editor = new TokenEditorPage(page);
            await editor.AddAnnotationAsync("static", "Licensed to {viewer}");
            await Assertions.Expect(page.Locator("[data-testid=watermark-preview] .mud-toggle-item", new() { HasText = "Portrait" })).ToBeVisibleAsync();
            await Assertions.Expect(editor.PreviewFrame).ToHaveCSSAsync("height", "640px");
            await editor.SaveAsync();
            // Saved, the share panel's snippet starts at 9:16 too.
            await Assertions.Expect(editor.EmbedCode).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("padding-top:177.78%"));
            session.AssertNoConsoleErrors();

            await ScreenshotsAsync(session, shell, "portrait-editor",
                ready: "() => document.querySelector('[data-testid=preview-frame] video')?.readyState >= 2");
        }
        finally
        {
            await browser.Portal.Service<VideoService>().DeleteAsync(admin, id);
        }
    }

    /// <summary>The page at 1280 and 390 px in light and dark, scrolled to <paramref name="focus"/>; the admin's theme is put back afterwards.</summary>
    /// <param name="ready">A script that is true once the page is worth a picture (e.g. its video has a frame).</param>
    private static async Task ScreenshotsAsync(PageSession session, Shell shell, string name, ILocator? focus = null, string? ready = null)
    {
        var page = session.Page;
        var wasDark = await shell.IsDarkAsync();
        try
        {
            foreach (var dark in new[] { false, true })
            {
                if (await shell.IsDarkAsync() != dark)
                {
                    await shell.SwitchThemeAsync();
                }
                foreach (var width in new[] { 1280, 390 })
                {
                    await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                    // Loaded again at this width, as a phone would (the drawer and sticky preview settle at load).
                    await page.ReloadAsync();
                    await shell.WaitForInteractiveAsync();
                    if (focus is not null)
                    {
                        await focus.WaitForAsync();
                        await focus.ScrollIntoViewIfNeededAsync();
                    }
                    if (ready is not null)
                    {
                        await page.WaitForFunctionAsync(ready);
                    }
                    await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
                    await page.ScreenshotAsync(new()
                    {
                        Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}-{width}-{(dark ? "dark" : "light")}.png"),
                    });
                }
            }
        }
        finally
        {
            if (await shell.IsDarkAsync() != wasDark)
            {
                await shell.SwitchThemeAsync();
            }
        }
    }

    private async Task WaitUntilReadyAsync(string id)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var factory = browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var status = await db.Videos.Where(v => v.Id == id).Select(v => v.Status).SingleAsync();
            if (status != VideoStatus.Processing)
            {
                Assert.Equal(VideoStatus.Completed, status);
                return;
            }
            Assert.True(DateTime.UtcNow < until, "The portrait clip was not packaged in time.");
            await Task.Delay(200);
        }
    }

    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalServer.AdminEmail)
            ?? throw new InvalidOperationException("Seeded admin missing.");
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var organization = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
        return new Actor(user.Id, user.Email!, organization.Id, organization.Code, StaffRole.Admin);
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-y" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
    }
}
