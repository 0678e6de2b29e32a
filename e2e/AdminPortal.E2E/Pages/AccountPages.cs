using System.Text.RegularExpressions;
using OtpNet;

namespace AdminPortal.E2E.Pages;

/// <summary>The Staff page's invitation flow: invite dialog, then the one-time link dialog.</summary>
public sealed class StaffPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/staff");
        await new Shell(page).WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=staff-grid] tbody tr")).Not.ToHaveCountAsync(0);
    }

    public async Task OpenInviteDialogAsync(string email, string name)
    {
        await page.ClickAsync("[data-testid=staff-add]");
        await page.Locator("[data-testid=staff-email] input, input[data-testid=staff-email]").FillAsync(email);
        await page.Locator("[data-testid=staff-name] input, input[data-testid=staff-name]").FillAsync(name);
    }

    /// <summary>Sends the invitation and answers the link shown (once) in the dialog that follows.</summary>
    public async Task<string> InviteAsync()
    {
        await page.ClickAsync("[data-testid=staff-add-confirm]");
        var link = page.Locator("[data-testid=staff-link] textarea, textarea[data-testid=staff-link]");
        await Assertions.Expect(link).ToHaveValueAsync(new Regex("/Account/Invitation\\?code="));
        return await link.InputValueAsync();
    }

    public async Task CloseLinkDialogAsync()
    {
        await page.ClickAsync("[data-testid=staff-link-done]");
        await Assertions.Expect(page.Locator("[data-testid=staff-link-dialog]")).ToHaveCountAsync(0);
    }

    public ILocator Rows => page.Locator("[data-testid=staff-grid] tbody tr");

    public ILocator RowOf(string email) => page.Locator("[data-testid=staff-grid] tbody tr", new() { HasText = email });
}

/// <summary>The static account pages: choosing a password, setting up the authenticator, signing in with a code.</summary>
public sealed class AccountPages(IPage page)
{
    public async Task ChoosePasswordAsync(string password)
    {
        await page.FillAsync("[data-testid=new-password]", password);
        await page.FillAsync("[data-testid=confirm-password]", password);
    }

    public ILocator MetRules => page.Locator("[data-testid=password-rules] li.met");

    public async Task AcceptInvitationAsync() => await page.ClickAsync("[data-testid=accept-invitation]");

    public async Task OpenTwoFactorSetupAsync()
    {
        await page.GotoAsync("/account");
        await page.ClickAsync("[data-testid=two-factor-link]");
        await Assertions.Expect(page.Locator("[data-testid=authenticator-qr]")).ToBeVisibleAsync();
    }

    /// <summary>The key as the page shows it, spaces removed: what an authenticator app would store.</summary>
    public async Task<string> AuthenticatorKeyAsync() =>
        (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    public async Task EnableTwoFactorAsync(string key)
    {
        await page.FillAsync("[data-testid=enable-code]", CodeFor(key));
        await page.ClickAsync("[data-testid=enable-2fa]");
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
    }

    public async Task EnterCodeAsync(string key)
    {
        await page.WaitForURLAsync("**/Account/LoginWith2fa**");
        await page.FillAsync("[data-testid=otp-code]", CodeFor(key));
        await page.ClickAsync("[data-testid=otp-submit]");
    }
}
