using System.Diagnostics;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ProcessingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_videos_list_shows_processing_progress_live_until_the_video_is_ready()
    {
        var clip = Path.Combine(Path.GetTempPath(), $"e2e-720p-{Guid.NewGuid():N}.mp4");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25:duration=12", "-f", "lavfi", "-i", "sine=frequency=330:duration=12",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await new Shell(page).WaitForInteractiveAsync();
        var videos = new VideoListPage(page);
        var admin = await AdminAsync();
        var title = "Processing " + Guid.NewGuid().ToString("N")[..6];
        string? id = null;
        try
        {
            var temp = browser.Portal.Service<MediaStore>().NewTempPath();
            File.Move(clip, temp);
            var added = await browser.Portal.Service<VideoService>().AddUploadedAsync(admin, title, temp, null);
            Assert.True(added.IsOk, added.Message);
            id = added.Value!.Id;

            // The page learns of it from the worker's progress, without a reload.
            var state = videos.Row(title).Locator("[data-testid=video-state]");
            await Assertions.Expect(state).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Processing [1-9]\d?%"), new() { Timeout = 60_000 });
            await session.ScreenshotAsync("videos-list-processing");

            await Assertions.Expect(state).ToHaveCountAsync(0, new() { Timeout = 120_000 });
            await session.ScreenshotAsync("videos-list-ready");
            session.AssertNoConsoleErrors();
        }
        finally
        {
            File.Delete(clip);
            if (id is not null)
            {
                await browser.Portal.Service<VideoService>().DeleteAsync(admin, id);
            }
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
