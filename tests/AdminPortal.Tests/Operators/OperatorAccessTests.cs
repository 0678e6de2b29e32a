using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Operators;

/// <summary>
/// The operator area is the operators' alone, and the organizations' areas are the staff's alone: an operator runs
/// organizations without seeing their videos or tokens.
/// </summary>
public sealed class OperatorAccessTests(OperatorPortalFixture fixture) : IClassFixture<OperatorPortalFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static readonly string[] OperatorPages = ["/operator/organizations"];

    private static bool IsAccessDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal);

    [Fact]
    public async Task Staff_of_every_role_are_refused_the_operator_pages()
    {
        foreach (var role in StaffRoles.All)
        {
            var staff = await factory.StaffAsync(role);
            var browser = await SignIn.AsAsync(factory, staff.Name);
            foreach (var page in OperatorPages)
            {
                var response = await browser.GetAsync(page);
                Assert.True(IsAccessDenied(response), $"{role} got {(int)response.StatusCode} for {page}");
            }
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        foreach (var page in OperatorPages)
        {
            var response = await factory.Browser().GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_operator_signs_in_at_the_same_page_and_lands_on_the_organizations()
    {
        var browser = factory.Browser();
        var signedIn = await SignIn.PostAsync(browser, OperatorPortalFixture.OperatorEmail, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var home = await browser.GetAsync("/");
        Assert.EndsWith("/operator/organizations", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await Forms.TextAsync(await browser.GetAsync("/operator/organizations"));
        Assert.Contains("<h1", page, StringComparison.Ordinal);
        Assert.Contains("Organizations", page, StringComparison.Ordinal);
        // Their own account pages work as for staff (password, two-factor, sessions).
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/two-factor")).StatusCode);
    }

    [Fact]
    public async Task The_operator_gets_none_of_an_organizations_pages_videos_or_tokens()
    {
        var video = await factory.VideoAsync(title: "Customer secret video");
        var browser = await SignIn.AsAsync(factory, OperatorPortalFixture.OperatorEmail);

        foreach (var page in new[] { "/videos", $"/videos/{video.Id}", $"/videos/{video.Id}/tokens/new", "/staff", "/api-keys", "/settings" })
        {
            var response = await browser.GetAsync(page);
            Assert.True(IsAccessDenied(response), $"operator got {(int)response.StatusCode} for {page}");
        }
        // The organizations list shows counts, never titles.
        var list = await Forms.TextAsync(await browser.GetAsync("/operator/organizations"));
        Assert.DoesNotContain("Customer secret video", list, StringComparison.Ordinal);

        // The upload endpoint and the API do not take the operator's cookie for an organization's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/videos/upload", new StringContent(""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/v1/{PortalFactory.OrgCode}/assets/")).StatusCode);
    }

    [Fact]
    public async Task The_operator_cannot_get_an_api_key_for_any_organization()
    {
        using var client = ApiKit.Anonymous(factory);
        var response = await client.PostAsync("/api/auth/login/", ApiKit.Json(new JsonObject
        {
            ["username"] = OperatorPortalFixture.OperatorEmail,
            ["password"] = PortalFactory.Password,
            ["organization_id"] = PortalFactory.OrgCode,
        }));
        var body = await ApiKit.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Unable to log in", body.ToJsonString(), StringComparison.Ordinal);
    }
}
