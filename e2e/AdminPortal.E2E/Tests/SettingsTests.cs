using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SettingsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_lists_embed_domains_with_clear_errors_for_bad_ones()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        var shell = new Shell(page);
        await shell.WaitForInteractiveAsync();
        var settings = new SettingsPage(page);
        try
        {
            await shell.OpenNavAsync("Settings");
            await Assertions.Expect(new Shell(page).Heading).ToHaveTextAsync("Settings");

            await settings.Domains.FillAsync("School.Example.com\nbad_domain!\nschool.*.example.net");
            await settings.SaveAsync();
            await Assertions.Expect(settings.Errors).ToHaveCountAsync(2);
            await Assertions.Expect(settings.Errors.First).ToContainTextAsync("not a valid domain name");
            await Assertions.Expect(settings.Errors.Last).ToContainTextAsync("a wildcard may only start the entry");
            await session.ScreenshotAsync("settings-domain-errors");

            // A pasted page address is cleaned to its host; a wildcard covers the subdomains; the old errors go.
            await settings.Domains.FillAsync("School.Example.com\nhttps://lms.example.org/course\n*.example.net");
            await settings.SaveAsync();
            await Assertions.Expect(settings.Snackbar.Last).ToContainTextAsync("Saved");
            await Assertions.Expect(settings.Errors).ToHaveCountAsync(0);
            await Assertions.Expect(settings.Domains).ToHaveValueAsync("school.example.com\nlms.example.org\n*.example.net");

            await settings.TestPageAsync("https://videos.example.net/lesson/3");
            await Assertions.Expect(settings.TestResult).ToHaveTextAsync("Yes: videos.example.net is covered by *.example.net.");
            await settings.TestPageAsync("https://www.school.example.com/");
            await Assertions.Expect(settings.TestResult).ToContainTextAsync("No: www.school.example.com is not on the list.");
            await session.ScreenshotAsync("settings-domains-test");
            session.AssertNoConsoleErrors();
        }
        finally
        {
            await browser.Portal.AllowEmbeddingAnywhereAsync();
        }
    }
}
