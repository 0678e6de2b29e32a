using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Foundation;

public sealed class SignInTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Theory]
    [InlineData("/")]
    [InlineData("/videos")]
    [InlineData("/videos/abcdefghijklmnop")]
    [InlineData("/staff")]
    [InlineData("/settings")]
    [InlineData("/api-keys")]
    [InlineData("/not-a-page")]
    public async Task Anonymous_page_visit_redirects_to_sign_in_and_back(string path)
    {
        var response = await factory.Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_pages_refuse_to_be_framed_by_other_sites()
    {
        var response = await factory.Browser().GetAsync("/Account/Login");
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Health_endpoint_answers_without_sign_in()
    {
        var response = await factory.Browser().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_page_is_public_and_has_no_registration()
    {
        var client = factory.Browser();
        var page = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Sign in", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Register", page, StringComparison.OrdinalIgnoreCase);

        var signedIn = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/Account/Register")).StatusCode);
    }

    [Fact]
    public async Task Admin_signs_in_and_returns_to_the_page_asked_for()
    {
        var client = factory.Browser();
        var response = await SignIn.PostAsync(client, PortalFactory.AdminEmail, PortalFactory.Password, "/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff", new Uri(response.Headers.Location!.OriginalString, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } uri ? uri.PathAndQuery : response.Headers.Location.OriginalString);
        var staff = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains(PortalFactory.AdminEmail, await staff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_signs_nobody_in()
    {
        var client = factory.Browser();
        var response = await SignIn.PostAsync(client, PortalFactory.AdminEmail, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail or password is not right.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/videos")).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_even_for_the_right_password()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var client = factory.Browser();
        for (var i = 0; i < 5; i++)
        {
            await SignIn.PostAsync(client, editor.Name, "wrong-password-" + i);
        }

        var response = await SignIn.PostAsync(client, editor.Name, PortalFactory.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Lockout", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/videos")).StatusCode);
    }

    [Theory]
    [InlineData(StaffRole.Viewer)]
    [InlineData(StaffRole.Editor)]
    public async Task Non_admins_cannot_open_the_staff_page(StaffRole role)
    {
        var member = await factory.StaffAsync(role);
        var client = await SignIn.AsAsync(factory, member.Name);

        var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_staff_see_the_videos_page_with_the_seeded_samples()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var response = await client.GetAsync("/videos");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Videos", html, StringComparison.Ordinal);
    }
}
