using System.Net;
using System.Net.Http.Headers;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ApiKeysTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_creates_a_key_copies_it_uses_it_and_revokes_it()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.Portal.BaseUrl });
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await new Shell(page).WaitForInteractiveAsync();
        var keys = new ApiKeysPage(page);

        await keys.OpenFromNavAsync();
        var key = await keys.CreateAsync("E2E backend");
        await keys.CopyAsync();
        await Assertions.Expect(new Shell(page).Message("Key copied to the clipboard.")).ToBeVisibleAsync();
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await session.ScreenshotAsync("api-key-created");
        await keys.CloseDialogAsync();
        await Assertions.Expect(keys.Rows.Filter(new() { HasText = "E2E backend" })).ToHaveCountAsync(1);
        await Assertions.Expect(keys.Rows.Filter(new() { HasText = key[..8] + "…" })).ToHaveCountAsync(1);

        using var api = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/demo/assets/")).StatusCode);

        await keys.RevokeFirstAsync();
        await Assertions.Expect(page.GetByText("No named keys yet.")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/demo/assets/")).StatusCode);
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Staff_browse_the_api_docs()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await new Shell(page).WaitForInteractiveAsync();

        var link = page.GetByRole(AriaRole.Link, new() { Name = "API docs", Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("target", "_blank");

        // Follow it in this tab, so the session sees the docs page's console.
        await page.GotoAsync((await link.GetAttributeAsync("href"))!);

        await Assertions.Expect(page.GetByText("AdminPortal server API").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("Access tokens (TPStreams form)").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Access tokens (Testpress admin form)").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("api-docs");
        session.AssertNoConsoleErrors();
    }
}
