using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class VideoUploadTests(BrowserFixture browser)
{
    [Fact]
    public async Task Editor_uploads_a_webm_through_the_dialog_then_renames_and_deletes_it()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await new Shell(page).WaitForInteractiveAsync();
        var videos = new VideoListPage(page);
        var title = "E2E upload " + Guid.NewGuid().ToString("N")[..6];
        try
        {
            await videos.ChooseFileAsync(PlayerTests.WebmFixture);
            await Assertions.Expect(videos.UploadTitle).ToHaveValueAsync("tiny-vp9");
            await videos.UploadTitle.FillAsync(title);
            await session.ScreenshotAsync("video-upload-dialog");
            await videos.StartUploadAsync();

            await Assertions.Expect(videos.UploadDialog).ToHaveCountAsync(0, new() { Timeout = 20000 });
            await Assertions.Expect(videos.Snackbar).ToContainTextAsync($"\"{title}\" was uploaded");
            await Assertions.Expect(videos.Row(title)).ToHaveCountAsync(1);
            // The thumbnail was captured from a frame in the browser.
            await Assertions.Expect(videos.Row(title).Locator("img.video-thumb")).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await videos.Row(title).Locator("img.video-thumb").EvaluateAsync<int>("i => i.naturalWidth") > 0);
            await session.ScreenshotAsync("video-uploaded");
            // Packaged into HLS in the background; the list says so until it is ready.
            await Assertions.Expect(videos.Row(title).Locator("[data-testid=video-state]")).ToHaveCountAsync(0, new() { Timeout = 90_000 });

            await videos.RenameAsync(title, title + " renamed");
            await Assertions.Expect(videos.Snackbar.Last).ToContainTextAsync("Renamed to");
            await Assertions.Expect(videos.Row(title + " renamed")).ToHaveCountAsync(1);

            await videos.DeleteAsync(title + " renamed");
            await Assertions.Expect(videos.Snackbar.Last).ToContainTextAsync("was deleted");
            await Assertions.Expect(videos.Row(title)).ToHaveCountAsync(0);
            session.AssertNoConsoleErrors();
        }
        finally
        {
            await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
            var leftovers = await db.Videos.Where(v => v.Title.StartsWith(title)).ToListAsync();
            foreach (var video in leftovers)
            {
                db.Videos.Remove(video);
                browser.Portal.Service<MediaStore>().Delete(video.MediaFile);
                browser.Portal.Service<MediaStore>().Delete(video.ThumbnailFile);
            }
            await db.SaveChangesAsync();
        }
    }
}
