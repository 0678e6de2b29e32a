using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_signs_in_and_opens_every_navigation_entry_without_console_errors()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/videos");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login\\?ReturnUrl=%2Fvideos"));
        await session.ScreenshotAsync("sign-in-light");
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);

        var shell = new Shell(page);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        await Assertions.Expect(shell.SignedInUser).ToContainTextAsync(PortalServer.AdminEmail);
        await Assertions.Expect(new VideoListPage(page).Titles).ToHaveCountAsync(3);
        await Assertions.Expect(new VideoListPage(page).Thumbnails.First).ToHaveJSPropertyAsync("naturalWidth", 320);

        foreach (var (entry, path, heading) in new[]
        {
            ("Staff", "staff", "Staff"),
            ("API keys", "api-keys", "API keys"),
            ("Settings", "settings", "Settings"),
            ("Videos", "videos", "Videos"),
        })
        {
            await shell.OpenNavAsync(entry, path);
            await Assertions.Expect(new Shell(page).Heading).ToContainTextAsync(heading);
        }

        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Theme_choice_is_remembered_for_the_user()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        var shell = new Shell(page);
        await shell.WaitForInteractiveAsync();
        await Assertions.Expect(new VideoListPage(page).Titles).ToHaveCountAsync(3);
        await session.ScreenshotAsync("videos-light");
        await shell.OpenNavAsync("Staff");
        await Assertions.Expect(new StaffPage(page).Rows).Not.ToHaveCountAsync(0);
        await session.ScreenshotAsync("staff-light");

        await shell.SwitchThemeAsync();
        Assert.True(await shell.IsDarkAsync());
        await session.ScreenshotAsync("staff-dark");

        // A new browser (same user) starts dark.
        await using var second = await browser.NewSessionAsync(darkScheme: true);
        await new LoginPage(second.Page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await second.Page.WaitForURLAsync("**/videos");
        await new Shell(second.Page).WaitForInteractiveAsync();
        await Assertions.Expect(new VideoListPage(second.Page).Titles).ToHaveCountAsync(3);
        var background = await second.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor");
        Assert.NotEqual("rgb(245, 246, 250)", background);
        await second.ScreenshotAsync("videos-dark");
        await second.Page.GotoAsync("/Account/Login");
        await second.ScreenshotAsync("sign-in-dark");

        // Back to light for the other tests.
        await shell.ToggleThemeAsync();
        await page.WaitForTimeoutAsync(300);
        session.AssertNoConsoleErrors();
    }
}
