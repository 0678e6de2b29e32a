using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Accounts;

/// <summary>Authenticator-app sign-in: enrolment, codes at sign-in and in the API, recovery codes, and the organization's requirement.</summary>
public sealed partial class TwoFactorTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [GeneratedRegex("<ul class=\"recovery-codes\"[^>]*>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex RecoveryList();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex Item();

    /// <summary>Turns two-factor on through the set-up page, as staff do; returns the key and the recovery codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient browser)
    {
        var setup = await Forms.TextAsync(await browser.GetAsync(TwoFactorEnforcement.SetupPath));
        Assert.Contains("data:image/png;base64,", setup, StringComparison.Ordinal);
        var key = Forms.KeyFrom(setup);
        Assert.Equal(32, key.Length);

        var enabled = await Forms.TextAsync(await Forms.PostAsync(browser, TwoFactorEnforcement.SetupPath, "enable-2fa",
            new Dictionary<string, string> { ["Enable.Code"] = Forms.CodeFor(key) }));

        var codes = Item().Matches(RecoveryList().Match(enabled).Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(StaffRules.RecoveryCodeCount, codes.Count);
        Assert.Contains("download=\"adminportal-recovery-codes.txt\"", enabled, StringComparison.Ordinal);
        return (key, codes);
    }

    private async Task<(Actor Member, string Key, IReadOnlyList<string> Codes)> MemberWithTwoFactorAsync(string orgCode = PortalFactory.OrgCode)
    {
        var member = await factory.StaffAsync(StaffRole.Editor, orgCode);
        var (key, codes) = await EnrolAsync(await SignIn.AsAsync(factory, member.Name));
        return (member, key, codes);
    }

    /// <summary>Password first: answers the redirect to the code page, with the browser holding the half-done sign-in.</summary>
    private static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient browser, string email)
    {
        var response = await SignIn.PostAsync(browser, email, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static Task<HttpResponseMessage> CodeStepAsync(HttpClient browser, string code) =>
        Forms.PostAsync(browser, "/Account/LoginWith2fa", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });

    [Fact]
    public async Task Enrolment_shows_recovery_codes_once_and_the_account_page_counts_them()
    {
        var member = await factory.StaffAsync(StaffRole.Viewer);
        var browser = await SignIn.AsAsync(factory, member.Name);
        var (_, codes) = await EnrolAsync(browser);

        var again = await Forms.TextAsync(await browser.GetAsync(TwoFactorEnforcement.SetupPath));
        var account = await Forms.TextAsync(await browser.GetAsync("/account"));

        Assert.DoesNotContain(codes[0], again, StringComparison.Ordinal);
        Assert.DoesNotContain(codes[0], account, StringComparison.Ordinal);
        Assert.Contains("Recovery codes left: <strong data-testid=\"recovery-codes-left\">10</strong>", account, StringComparison.Ordinal);
        // Enrolling kept this browser signed in.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_first_code_does_not_turn_two_factor_on()
    {
        var member = await factory.StaffAsync(StaffRole.Viewer);
        var browser = await SignIn.AsAsync(factory, member.Name);
        var key = Forms.KeyFrom(await Forms.TextAsync(await browser.GetAsync(TwoFactorEnforcement.SetupPath)));

        var answer = await Forms.TextAsync(await Forms.PostAsync(browser, TwoFactorEnforcement.SetupPath, "enable-2fa",
            new Dictionary<string, string> { ["Enable.Code"] = Forms.WrongCodeFor(key) }));

        Assert.Contains("That code is not right.", answer, StringComparison.Ordinal);
        Assert.Contains("Off:", await Forms.TextAsync(await browser.GetAsync("/account")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_asks_for_the_code_after_the_password_and_accepts_a_generated_one()
    {
        var (member, key, _) = await MemberWithTwoFactorAsync();
        var browser = factory.Browser();

        var password = await PasswordStepAsync(browser, member.Name);
        Assert.Contains("/Account/LoginWith2fa", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/videos")).StatusCode);

        var wrong = await CodeStepAsync(browser, Forms.WrongCodeFor(key));
        Assert.Contains("That code is not right.", await Forms.TextAsync(wrong), StringComparison.Ordinal);

        var right = await CodeStepAsync(browser, Forms.CodeFor(key));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task The_code_page_without_a_right_password_first_sends_back_to_sign_in()
    {
        var response = await factory.Browser().GetAsync("/Account/LoginWith2fa");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_lockout()
    {
        var (member, key, _) = await MemberWithTwoFactorAsync();
        var browser = factory.Browser();
        await PasswordStepAsync(browser, member.Name);

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await CodeStepAsync(browser, Forms.WrongCodeFor(key));
        }

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Contains("/Account/Lockout", last.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (member, _, codes) = await MemberWithTwoFactorAsync();

        var first = factory.Browser();
        await PasswordStepAsync(first, member.Name);
        var used = await Forms.PostAsync(first, "/Account/LoginWithRecoveryCode", "login-recovery",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[3] });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/videos")).StatusCode);
        Assert.Contains("data-testid=\"recovery-codes-left\">9<", await (await first.GetAsync("/account")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var second = factory.Browser();
        await PasswordStepAsync(second, member.Name);
        var reused = await Forms.PostAsync(second, "/Account/LoginWithRecoveryCode", "login-recovery",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[3] });
        Assert.Contains("That recovery code is not right, or it was already used.", await Forms.TextAsync(reused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_a_current_code()
    {
        var member = await factory.StaffAsync(StaffRole.Viewer);
        var browser = await SignIn.AsAsync(factory, member.Name);
        var (key, _) = await EnrolAsync(browser);

        var refused = await Forms.TextAsync(await Forms.PostAsync(browser, TwoFactorEnforcement.SetupPath, "disable-2fa",
            new Dictionary<string, string> { ["Disable.Code"] = Forms.WrongCodeFor(key) }));
        Assert.Contains("two-factor sign-in stays on", refused, StringComparison.Ordinal);

        var off = await Forms.TextAsync(await Forms.PostAsync(browser, TwoFactorEnforcement.SetupPath, "disable-2fa",
            new Dictionary<string, string> { ["Disable.Code"] = Forms.CodeFor(key) }));
        Assert.Contains("Two-factor sign-in is off.", off, StringComparison.Ordinal);
        // Signing in is back to the password alone.
        await SignIn.AsAsync(factory, member.Name);
    }

    private async Task<HttpResponseMessage> ApiLoginAsync(string email, string? otp)
    {
        var body = new Dictionary<string, string> { ["username"] = email, ["password"] = PortalFactory.Password, ["organization_id"] = PortalFactory.OrgCode };
        if (otp is not null)
        {
            body["otp"] = otp;
        }
        return await factory.CreateClient().PostAsJsonAsync("/api/auth/login/", body);
    }

    [Fact]
    public async Task Api_login_of_a_two_factor_account_needs_otp()
    {
        var (member, key, _) = await MemberWithTwoFactorAsync();

        var missing = await ApiLoginAsync(member.Name, null);
        var wrong = await ApiLoginAsync(member.Name, Forms.WrongCodeFor(key));
        var right = await ApiLoginAsync(member.Name, Forms.CodeFor(key));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.TryGetProperty("otp", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.TryGetProperty("otp", out _));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(40, JsonDocument.Parse(await right.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!.Length);
    }

    [Fact]
    public async Task Api_login_with_a_wrong_password_says_nothing_about_otp()
    {
        var (member, _, _) = await MemberWithTwoFactorAsync();
        var plain = await factory.StaffAsync(StaffRole.Editor);

        var body = new Dictionary<string, string> { ["username"] = member.Name, ["password"] = "Wrong-Password-1", ["organization_id"] = PortalFactory.OrgCode };
        var twoFactorWrong = await factory.CreateClient().PostAsJsonAsync("/api/auth/login/", body);
        body["username"] = plain.Name;
        var plainWrong = await factory.CreateClient().PostAsJsonAsync("/api/auth/login/", body);

        Assert.Equal(HttpStatusCode.BadRequest, twoFactorWrong.StatusCode);
        Assert.Equal(await plainWrong.Content.ReadAsStringAsync(), await twoFactorWrong.Content.ReadAsStringAsync());
        // An account without two-factor logs in without otp, as before.
        Assert.Equal(HttpStatusCode.OK, (await ApiLoginAsync(plain.Name, null)).StatusCode);
    }

    [Fact]
    public async Task When_the_organization_requires_it_staff_must_set_it_up_before_anything_else()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, orgCode: "strict");
        var editor = await factory.StaffAsync(StaffRole.Editor, orgCode: "strict");
        Assert.True((await factory.Service<Web.Organizations.OrganizationSettingsService>().SetRequireTwoFactorAsync(admin, true)).IsOk);

        var browser = await SignIn.AsAsync(factory, editor.Name);
        foreach (var path in new[] { "/", "/videos", "/account", "/account/password" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.EndsWith(TwoFactorEnforcement.SetupPath, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
        var setup = await Forms.TextAsync(await browser.GetAsync(TwoFactorEnforcement.SetupPath));
        Assert.Contains("Your organization requires two-factor sign-in.", setup, StringComparison.Ordinal);
        var apiWithout = await factory.CreateClient().PostAsJsonAsync("/api/auth/login/",
            new { username = editor.Name, password = PortalFactory.Password, organization_id = "strict" });
        Assert.Equal(HttpStatusCode.BadRequest, apiWithout.StatusCode);
        Assert.Contains("\"otp\"", await apiWithout.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await EnrolAsync(browser);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
        // Required means it cannot be turned off.
        Assert.Contains("cannot be turned off", await Forms.TextAsync(await browser.GetAsync(TwoFactorEnforcement.SetupPath)), StringComparison.Ordinal);
        // Another organization is unaffected.
        Assert.Equal(HttpStatusCode.OK, (await (await SignIn.AsAsync(factory, (await factory.StaffAsync(StaffRole.Editor)).Name)).GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task Only_admins_change_the_requirement()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor, orgCode: "lax");
        var result = await factory.Service<Web.Organizations.OrganizationSettingsService>().SetRequireTwoFactorAsync(editor, true);
        Assert.Equal(Web.Common.ResultStatus.Forbidden, result.Status);
        Assert.False(await factory.Service<Web.Organizations.OrganizationSettingsService>().RequiresTwoFactorAsync(editor));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_signs_out_other_browsers()
    {
        var member = await factory.StaffAsync(StaffRole.Viewer);
        var other = await SignIn.AsAsync(factory, member.Name);
        var browser = await SignIn.AsAsync(factory, member.Name);
        Dictionary<string, string> Fields(string current, string password) => new()
        {
            ["Input.CurrentPassword"] = current,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        };

        var wrongCurrent = await Forms.TextAsync(await Forms.PostAsync(browser, "/account/password", "change-password", Fields("Not-It-123", "Brand-New-Pass-9")));
        var weak = await Forms.TextAsync(await Forms.PostAsync(browser, "/account/password", "change-password", Fields(PortalFactory.Password, "weak")));
        var changed = await Forms.TextAsync(await Forms.PostAsync(browser, "/account/password", "change-password", Fields(PortalFactory.Password, "Brand-New-Pass-9")));

        Assert.Contains("The current password is not right.", wrongCurrent, StringComparison.Ordinal);
        Assert.Contains("Passwords must be at least 10 characters.", weak, StringComparison.Ordinal);
        Assert.Contains("Your password was changed.", changed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/videos")).StatusCode);
        await SignIn.AsAsync(factory, member.Name, "Brand-New-Pass-9");
    }
}
