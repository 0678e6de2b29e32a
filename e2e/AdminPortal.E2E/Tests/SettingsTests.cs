using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

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

            await settings.Domains.FillAsync("School.Example.com\nhttps://lms.example.org/course\n*.example.net");
            await settings.SaveAsync();
            await Assertions.Expect(settings.Errors).ToHaveCountAsync(2);
            await Assertions.Expect(settings.Errors.First).ToContainTextAsync("without http://");
            await Assertions.Expect(settings.Errors.Last).ToContainTextAsync("wildcards are not supported");
            await session.ScreenshotAsync("settings-domain-errors");

            await settings.Domains.FillAsync("School.Example.com\nlms.example.org");
            await settings.SaveAsync();
            await Assertions.Expect(settings.Snackbar.Last).ToContainTextAsync("Saved");
            await Assertions.Expect(settings.Errors).ToHaveCountAsync(0);
            await Assertions.Expect(settings.Domains).ToHaveValueAsync("school.example.com\nlms.example.org");
            session.AssertNoConsoleErrors();
        }
        finally
        {
            // Other tests in this collection embed the player from loopback sites.
            await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
            var demo = await db.Organizations.SingleAsync(o => o.Code == "demo");
            demo.AllowedDomains = [];
            demo.AllowEmptyReferrer = true;
            await db.SaveChangesAsync();
        }
    }
}
