using System.Net;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;

namespace AdminPortal.Tests.Hardening;

/// <summary>Portal pages carry a strict policy and no inline script; the player keeps its own policy.</summary>
public sealed partial class ContentSecurityPolicyTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [Theory]
    [InlineData("/Account/Login", false)]
    [InlineData("/videos", true)]
    [InlineData("/settings", true)]
    [InlineData("/no-such-page", true)]
    public async Task Portal_pages_have_a_strict_policy_and_no_inline_script(string path, bool signedIn)
    {
        var client = signedIn ? await SignIn.AsAsync(factory, PortalFactory.AdminEmail) : factory.Browser();

        var response = await client.GetAsync(path);

        var csp = Directives(response);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["frame-ancestors"]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
    }

    [Fact]
    public async Task The_api_reference_may_run_its_own_scripts_but_nothing_else_loosens()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var csp = Directives(await client.GetAsync("/api/docs"));

        Assert.StartsWith("'self'", csp["script-src"], StringComparison.Ordinal);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["connect-src"]);
    }

    [Fact]
    public async Task The_player_page_keeps_its_own_policy()
    {
        var video = await factory.VideoAsync();
        var admin = await factory.AdminAsync();
        var token = await factory.Service<AdminPortal.Web.Tokens.TokenService>().CreateAsync(admin, video.Id, new AdminPortal.Web.Tokens.TokenChanges(),
            TestContext.Current.CancellationToken);

        var response = await factory.Browser().GetAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Value!.Code}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Directives(response);
        Assert.Equal("*", csp["frame-ancestors"]);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), "No Content-Security-Policy header.");
        return values.Single().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");
    }
}
