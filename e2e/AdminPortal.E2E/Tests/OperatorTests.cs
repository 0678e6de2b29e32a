using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using Deque.AxeCore.Playwright;

namespace AdminPortal.E2E.Tests;

/// <summary>A platform operator creates an organization; its first Admin follows the link and is in. Screenshots of the operator page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_operator_creates_an_organization_whose_first_admin_accepts_the_link_and_lands_in_it()
    {
        var code = "acme-" + Guid.NewGuid().ToString("N")[..6];
        var email = $"boss@{code}.local";
        string link;
        await using (var operatorSession = await browser.NewSessionAsync())
        {
            var page = operatorSession.Page;
            await new LoginPage(page).SignInAsync(PortalServer.OperatorEmail, PortalServer.OperatorPassword);
            await page.WaitForURLAsync("**/operator/organizations");
            var operatorShell = new Shell(page);
            await operatorShell.WaitForInteractiveAsync();
            await Assertions.Expect(operatorShell.SignedInUser).ToContainTextAsync(PortalServer.OperatorEmail + " · Operator");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Videos", Exact = true })).ToHaveCountAsync(0);
            var organizations = new OrganizationsPage(page);
            await organizations.WaitForRowsAsync();

            // A bad code is refused in the dialog, with the rule; the corrected one goes through.
            await organizations.OpenCreateDialogAsync("Acme Video", "Acme Video", email);
            await organizations.ConfirmCreateAsync();
            await Assertions.Expect(organizations.CodeError).ToBeVisibleAsync();
            await page.Locator("[data-testid=org-code-input] input, input[data-testid=org-code-input]").FillAsync(code);
            await organizations.ConfirmCreateAsync();
            link = await organizations.ShownLinkAsync();
            await organizations.CloseLinkDialogAsync();
            await Assertions.Expect(organizations.RowOf(code)).ToContainTextAsync("Acme Video");
            await Assertions.Expect(organizations.RowOf(code).Locator("[data-testid=org-staff]")).ToHaveTextAsync("1");
            await organizations.SearchAsync(code);
            await Assertions.Expect(organizations.Rows).ToHaveCountAsync(1);
            await Assertions.Expect(organizations.Rows).ToContainTextAsync(code);
            operatorSession.AssertNoConsoleErrors();
        }

        await using var admin = await browser.NewSessionAsync();
        var adminPage = admin.Page;
        var account = new AccountPages(adminPage);
        await adminPage.GotoAsync(link);
        await Assertions.Expect(adminPage.Locator("[data-testid=invited-email]")).ToHaveTextAsync(email);
        await account.ChoosePasswordAsync("Acme-Admin-Pass-1");
        await account.AcceptInvitationAsync();
        await adminPage.WaitForURLAsync("**/videos");
        var shell = new Shell(adminPage);
        await Assertions.Expect(shell.SignedInUser).ToContainTextAsync(email);
        await Assertions.Expect(shell.SignedInUser).ToContainTextAsync("Admin");
        // Their own, empty organization: none of the demo organization's videos.
        await Assertions.Expect(adminPage.GetByText("Welcome tour")).ToHaveCountAsync(0);
        admin.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task Screenshots_of_the_organizations_page_and_its_dialogs(int width, bool dark)
    {
        var theme = dark ? "dark" : "light";
        await using var session = await browser.NewSessionAsync(width, 900);
        var page = session.Page;
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.OperatorEmail, PortalServer.OperatorPassword);
        await page.WaitForURLAsync("**/operator/organizations");
        await shell.WaitForInteractiveAsync();
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }
        try
        {
            var organizations = new OrganizationsPage(page);
            await organizations.WaitForRowsAsync();
            await AssertAccessibleAsync(page);
            await session.ScreenshotAsync($"operator-organizations-{width}-{theme}");
            await organizations.OpenCreateDialogAsync("Look Ltd", "Not Valid", "not-an-email");
            await organizations.ConfirmCreateAsync();
            await Assertions.Expect(organizations.CodeError).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(400);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"operator-create-dialog-{width}-{theme}.png") });
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"The page is {overflow}px wider than the window.");
        }
        finally
        {
            var cancel = page.Locator("[data-testid=org-create-cancel]");
            if (await cancel.CountAsync() > 0)
            {
                await cancel.ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=org-create-dialog]")).ToHaveCountAsync(0);
            }
            if (await shell.IsDarkAsync())
            {
                // The theme is remembered per user; leave it light for the other tests.
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, "Accessibility violations on the organizations page:\n"
            + string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html)))));
    }
}
