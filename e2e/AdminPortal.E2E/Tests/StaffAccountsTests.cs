using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using StaffPage = AdminPortal.E2E.Pages.StaffPage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

/// <summary>Invitations and two-factor sign-in in a real browser, and how the new account pages look.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffAccountsTests(BrowserFixture browser)
{
    private const string Password = "Colleague-Pass-42";

    [Fact]
    public async Task An_admin_invites_a_colleague_who_joins_enrols_an_authenticator_and_signs_in_with_a_code()
    {
        var email = $"colleague-{Guid.NewGuid():N}@demo.local";
        string link;
        await using (var admin = await browser.NewSessionAsync())
        {
            await new LoginPage(admin.Page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
            await admin.Page.WaitForURLAsync("**/videos");
            var staff = new StaffPage(admin.Page);
            await staff.OpenAsync();
            await staff.OpenInviteDialogAsync(email, "Casey Colleague");
            link = await staff.InviteAsync();
            await staff.CloseLinkDialogAsync();
            await Assertions.Expect(staff.RowOf(email)).ToContainTextAsync("Invited");
            admin.AssertNoConsoleErrors();
        }

        await using var colleague = await browser.NewSessionAsync();
        var page = colleague.Page;
        var account = new AccountPages(page);
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("[data-testid=invited-email]")).ToHaveTextAsync(email);
        await page.FillAsync("[data-testid=new-password]", "short");
        await Assertions.Expect(account.MetRules).ToHaveCountAsync(1);
        await account.ChoosePasswordAsync(Password);
        await Assertions.Expect(account.MetRules).ToHaveCountAsync(4);
        await account.AcceptInvitationAsync();
        await page.WaitForURLAsync("**/videos");
        await Assertions.Expect(new Shell(page).SignedInUser).ToContainTextAsync(email);

        await account.OpenTwoFactorSetupAsync();
        var key = await account.AuthenticatorKeyAsync();
        await account.EnableTwoFactorAsync(key);
        await page.ClickAsync("[data-testid=continue-to-portal]");
        await page.WaitForURLAsync("**/videos");
        var shell = new Shell(page);
        await shell.WaitForInteractiveAsync();
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/Account/Login**");

        await new LoginPage(page).SignInAsync(email, Password);
        await account.EnterCodeAsync(key);
        await page.WaitForURLAsync("**/videos");
        await Assertions.Expect(shell.SignedInUser).ToContainTextAsync(email);
        colleague.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task The_account_pages_look_right_and_have_no_serious_accessibility_violations(int width, bool dark)
    {
        var theme = dark ? "dark" : "light";
        var portal = browser.Portal;
        var admin = await AdminAsync();
        var email = $"look-{width}-{theme}-{Guid.NewGuid():N}@demo.local";
        using var scope = portal.Services.CreateScope();
        var invitation = await scope.ServiceProvider.GetRequiredService<StaffService>().InviteAsync(admin, email, "Robin Example", StaffRole.Editor, portal.BaseUrl);
        Assert.True(invitation.IsOk, invitation.Message);

        await using var session = await browser.NewSessionAsync(width, 900, darkScheme: dark);
        var page = session.Page;
        var account = new AccountPages(page);

        await page.GotoAsync(invitation.Value!.Link.Url);
        await page.FillAsync("[data-testid=new-password]", "Robin-pass");
        await LookAsync(session, $"account-invitation-{width}-{theme}");
        await account.ChoosePasswordAsync(Password);
        await account.AcceptInvitationAsync();
        await page.WaitForURLAsync("**/videos");

        await page.GotoAsync("/account/password");
        await page.FillAsync("[data-testid=current-password]", Password);
        await page.FillAsync("[data-testid=new-password]", "Another-p");
        await LookAsync(session, $"account-change-password-{width}-{theme}");

        await account.OpenTwoFactorSetupAsync();
        await LookAsync(session, $"account-two-factor-setup-{width}-{theme}");
        var key = await account.AuthenticatorKeyAsync();
        await account.EnableTwoFactorAsync(key);
        await LookAsync(session, $"account-recovery-codes-{width}-{theme}");

        await page.GotoAsync("/account");
        await LookAsync(session, $"account-my-account-{width}-{theme}");

        await using (var second = await browser.NewSessionAsync(width, 900, darkScheme: dark))
        {
            await new LoginPage(second.Page).SignInAsync(email, Password);
            await second.Page.WaitForURLAsync("**/Account/LoginWith2fa**");
            await LookAsync(second, $"account-sign-in-code-{width}-{theme}");
            second.AssertNoConsoleErrors();
        }
        session.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task The_staff_page_with_invitations_looks_right_and_is_accessible(int width, bool dark)
    {
        var theme = dark ? "dark" : "light";
        await using var session = await browser.NewSessionAsync(width, 900);
        var page = session.Page;
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }
        try
        {
            var staff = new StaffPage(page);
            await staff.OpenAsync();
            await staff.OpenInviteDialogAsync($"new-{width}-{theme}@demo.local", "Sam Newcomer");
            await LookAsync(session, $"staff-invite-dialog-{width}-{theme}", fullPage: false);
            await staff.InviteAsync();
            await LookAsync(session, $"staff-invitation-link-{width}-{theme}", fullPage: false);
            await staff.CloseLinkDialogAsync();
            await Assertions.Expect(staff.RowOf($"new-{width}-{theme}@demo.local")).ToContainTextAsync("Invited");
            await LookAsync(session, $"staff-grid-{width}-{theme}");
        }
        finally
        {
            // The theme is remembered per user; leave it light for the other tests (a fresh load closes any dialog).
            await page.GotoAsync("/staff");
            await shell.WaitForInteractiveAsync();
            if (await shell.IsDarkAsync())
            {
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }

    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(PortalServer.AdminEmail) ?? throw new InvalidOperationException("Seed admin missing.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(admin);
        return Actor.FromPrincipal(principal)!;
    }

    /// <summary>A screenshot to look at, and an axe scan that allows no serious or critical finding.</summary>
    private static async Task LookAsync(PageSession session, string name, bool fullPage = true)
    {
        var page = session.Page;
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than the window.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = fullPage });
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on {name}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Impact} {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => $"{n.Html} ({n.Any?.FirstOrDefault()?.Message})"));
}
