using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ViewerLimitTests(BrowserFixture browser)
{
    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalServer.AdminEmail)
            ?? throw new InvalidOperationException("Seeded admin missing.");
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var organization = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
        return new Actor(user.Id, user.Email!, organization.Id, organization.Code, StaffRole.Admin);
    }

    [Fact]
    public async Task A_link_limited_to_one_device_refuses_a_second_while_the_first_plays_and_plays_there_once_the_first_closes()
    {
        var admin = await AdminAsync();
        string videoId;
        await using (var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync())
        {
            videoId = await db.Videos.Where(v => v.Title == "Product demo").Select(v => v.Id).SingleAsync();
        }
        var token = await browser.Portal.Service<TokenService>().CreateAsync(admin, videoId, new TokenChanges { MaxConcurrentViewers = 1L });
        Assert.True(token.IsOk, token.Message);
        var code = token.Value!.Code;
        var url = PlaybackUrls.Embed(browser.Portal.BaseUrl, admin.OrganizationCode, videoId, token.Value!.Code) + "&autoplay=1&muted=1&loop=1";
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var first = await browser.NewSessionAsync();
        await using var second = await browser.NewSessionAsync();
        var firstPlayer = new PlayerFrame(first.Page);
        var secondPlayer = new PlayerFrame(second.Page);

        await first.Page.GotoAsync(site.PageFor(url));
        await firstPlayer.WaitUntilPlayingAsync();
        await second.Page.GotoAsync(site.PageFor(url));

        await Assertions.Expect(secondPlayer.Notice).ToHaveTextAsync(
            "This link is already playing on another device. Close it there, then press play again.");
        await second.ScreenshotAsync("player-too-many-viewers");

        // Staff see the playing viewer on the video page, without reloading it.
        await using var staff = await browser.NewSessionAsync();
        await new LoginPage(staff.Page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await staff.Page.WaitForURLAsync("**/videos");
        await new Shell(staff.Page).WaitForInteractiveAsync();
        var videoPage = new VideoPage(staff.Page);
        await videoPage.OpenFromLibraryAsync("Product demo");
        await Assertions.Expect(videoPage.WatchingNow).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(videoPage.RowOf(code.ToString())).ToHaveCountAsync(1);
        await staff.ScreenshotAsync("video-page-watching-now");

        // Leaving the page ends the first session (its last heartbeat says so), which frees the slot at once.
        await first.Page.GotoAsync("about:blank");
        for (var tries = 0; tries < 50; tries++)
        {
            await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
            var live = await db.PlaybackSessions.CountAsync(s => s.EndedAt == null && db.AccessTokens.Any(t => t.Id == s.AccessTokenId && t.Code == code));
            if (live == 0)
            {
                break;
            }
            await Task.Delay(200);
        }
        await second.Page.ReloadAsync();
        await secondPlayer.WaitUntilPlayingAsync();
        Assert.All(second.ConsoleErrors, error => Assert.Contains("status of 403", error, StringComparison.Ordinal));
        first.AssertNoConsoleErrors();

        // The count follows the viewers: the second plays alone, then leaves.
        await Assertions.Expect(videoPage.WatchingNow).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await second.Page.GotoAsync("about:blank");
        await Assertions.Expect(videoPage.WatchingNow).ToHaveTextAsync("0", new() { Timeout = 15_000 });
    }
}
