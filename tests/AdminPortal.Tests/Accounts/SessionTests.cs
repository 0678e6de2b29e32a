using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Tests.Accounts;

/// <summary>Browser sessions are recorded on the server: signing out, "everywhere else" and an Admin's "end sessions" really end them.</summary>
public sealed class SessionTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    /// <summary>Signs in and returns the auth cookie as the browser would send it.</summary>
    private async Task<string> SignInCookieAsync(string email, HttpClient? browser = null)
    {
        var response = await SignIn.PostAsync(browser ?? factory.Browser(), email, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("AdminPortal.Auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0]));
    }

    private async Task<HttpStatusCode> VideosWithAsync(string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/videos");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task After_sign_out_the_old_cookie_no_longer_opens_the_portal()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var browser = factory.Browser();
        var cookie = await SignInCookieAsync(editor.Name, browser);
        Assert.Equal(HttpStatusCode.OK, await VideosWithAsync(cookie));

        // Sign out as the app bar's form does.
        var token = await SignIn.AntiforgeryTokenAsync(browser, "/account");
        var signOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["ReturnUrl"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // Someone who kept a copy of the cookie gets nothing.
        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(cookie));
    }

    [Fact]
    public async Task Sign_out_everywhere_else_ends_the_other_browsers_and_keeps_this_one()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var otherBrowser = await SignInCookieAsync(editor.Name);
        var thisBrowser = await SignIn.AsAsync(factory, editor.Name);

        var account = await Forms.TextAsync(await thisBrowser.GetAsync("/account"));
        Assert.Contains("This browser", account, StringComparison.Ordinal);
        Assert.Contains("Signed in", account, StringComparison.Ordinal);

        var response = await Forms.PostAsync(thisBrowser, "/account", "sign-out-others", new Dictionary<string, string>());
        Assert.Contains("One other browser was signed out.", await Forms.TextAsync(response), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(otherBrowser));
        Assert.Equal(HttpStatusCode.OK, (await thisBrowser.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task An_admin_ends_all_of_a_members_sessions_at_once()
    {
        var admin = await factory.AdminAsync();
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var first = await SignInCookieAsync(editor.Name);
        var second = await SignInCookieAsync(editor.Name);

        Assert.True((await factory.Service<StaffService>().EndSessionsAsync(admin, editor.UserId)).IsOk);

        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(first));
        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(second));
        // Signing in again works.
        Assert.Equal(HttpStatusCode.OK, await VideosWithAsync(await SignInCookieAsync(editor.Name)));
    }

    [Fact]
    public async Task Locking_or_removing_a_member_ends_their_sessions_at_once()
    {
        var admin = await factory.AdminAsync();
        var locked = await factory.StaffAsync(StaffRole.Editor);
        var removed = await factory.StaffAsync(StaffRole.Editor);
        var lockedCookie = await SignInCookieAsync(locked.Name);
        var removedCookie = await SignInCookieAsync(removed.Name);

        Assert.True((await factory.Service<StaffService>().SetLockedAsync(admin, locked.UserId, true)).IsOk);
        Assert.True((await factory.Service<StaffService>().RemoveAsync(admin, removed.UserId)).IsOk);

        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(lockedCookie));
        Assert.Equal(HttpStatusCode.Redirect, await VideosWithAsync(removedCookie));
    }

    [Fact]
    public async Task Another_organizations_admin_cannot_end_a_members_sessions()
    {
        var stranger = await factory.StaffAsync(StaffRole.Admin, orgCode: "other");
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var cookie = await SignInCookieAsync(editor.Name);

        Assert.Equal(Web.Common.ResultStatus.NotFound, (await factory.Service<StaffService>().EndSessionsAsync(stranger, editor.UserId)).Status);
        Assert.Equal(HttpStatusCode.OK, await VideosWithAsync(cookie));
    }

    [Fact]
    public async Task My_account_lists_recent_sign_ins_with_browser_and_the_grid_shows_the_last_one()
    {
        var admin = await factory.AdminAsync();
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var client = factory.Browser();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(client, editor.Name, PortalFactory.Password)).StatusCode);

        var account = await Forms.TextAsync(await client.GetAsync("/account"));

        Assert.Contains("Chrome on Linux", account, StringComparison.Ordinal);
        var listed = (await factory.Service<StaffService>().ListAsync(admin, editor.Name, 0, 20)).Value!.Items.Single();
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, listed.LastSignInAt);
        Assert.False(listed.IsPending);
        Assert.False(listed.TwoFactorEnabled);
    }

    [Fact]
    public async Task My_account_shows_times_in_the_browser_zone_until_staff_choose_utc()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var browser = await SignIn.AsAsync(factory, editor.Name);
        var signedIn = factory.Clock.GetUtcNow().UtcDateTime;
        // What portal.js writes on every page load.
        browser.DefaultRequestHeaders.Add("Cookie", $"{TimeDisplay.ZoneCookie}=Asia/Tokyo");
        var tokyo = Formats.Exact(signedIn, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        var local = await Forms.TextAsync(await browser.GetAsync("/account"));
        var chose = await Forms.PostAsync(browser, "/account", "set-times", new Dictionary<string, string> { ["TimesChoice"] = "utc" });
        var utc = await Forms.TextAsync(chose);
        var later = await Forms.TextAsync(await browser.GetAsync("/account"));
        var back = await Forms.TextAsync(await Forms.PostAsync(browser, "/account", "set-times", new Dictionary<string, string> { ["TimesChoice"] = "browser" }));

        Assert.Contains(tokyo, local, StringComparison.Ordinal);
        Assert.EndsWith(" UTC)", tokyo, StringComparison.Ordinal);
        Assert.Contains("This browser's time zone (Asia/Tokyo)", local, StringComparison.Ordinal);
        Assert.Contains(chose.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{TimeDisplay.UtcCookie}=utc", StringComparison.Ordinal));
        Assert.Contains("Times now show in UTC.", utc, StringComparison.Ordinal);
        Assert.Contains(Formats.Exact(signedIn), utc, StringComparison.Ordinal);
        Assert.DoesNotContain(tokyo, later, StringComparison.Ordinal);
        Assert.Contains(Formats.Exact(signedIn), later, StringComparison.Ordinal);
        Assert.Contains(tokyo, back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_set_their_own_name_and_the_staff_grid_shows_it()
    {
        var admin = await factory.AdminAsync();
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var browser = await SignIn.AsAsync(factory, editor.Name);

        var tooLong = await Forms.TextAsync(await Forms.PostAsync(browser, "/account", "set-name",
            new Dictionary<string, string> { ["NameInput.Name"] = new string('x', StaffRules.MaxNameLength + 1) }));
        var saved = await Forms.TextAsync(await Forms.PostAsync(browser, "/account", "set-name",
            new Dictionary<string, string> { ["NameInput.Name"] = "  Erin Editor " }));

        Assert.Contains($"At most {StaffRules.MaxNameLength} characters.", tooLong, StringComparison.Ordinal);
        Assert.Contains("Your name was saved.", saved, StringComparison.Ordinal);
        Assert.Equal("Erin Editor", (await factory.Service<StaffService>().ListAsync(admin, editor.Name, 0, 20)).Value!.Items.Single().Name);
    }
}
