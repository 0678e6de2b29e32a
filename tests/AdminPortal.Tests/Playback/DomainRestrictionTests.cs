using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

public sealed class DomainRestrictionTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    /// <summary>Each test gets its own organization, so their settings do not interfere.</summary>
    private async Task<(string Url, long TokenId)> SingleUseTokenAsync(string orgCode, List<string> domains, bool allowEmptyReferrer)
    {
        await using (var db = await factory.DbAsync())
        {
            var organization = await factory.OrganizationAsync(orgCode);
            var tracked = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
            tracked.AllowedDomains = domains;
            tracked.AllowEmptyReferrer = allowEmptyReferrer;
            await db.SaveChangesAsync();
        }
        var editor = await factory.StaffAsync(Web.Staff.StaffRole.Editor, orgCode);
        var video = await factory.VideoAsync(orgCode);
        var token = (await factory.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges { ExpiresAfterFirstUsage = true })).Value!;
        await using var read = await factory.DbAsync();
        var id = await read.AccessTokens.Where(t => t.Code == token.Code).Select(t => t.Id).SingleAsync();
        return ($"/embed/{orgCode}/{video.Id}/?access_token={token.Code}", id);
    }

    private async Task<HttpResponseMessage> LoadAsync(string url, string? referrer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }
        return await factory.Browser().SendAsync(request);
    }

    private async Task<int> UsesAsync(long tokenId)
    {
        await using var db = await factory.DbAsync();
        return await db.AccessTokens.Where(t => t.Id == tokenId).Select(t => t.UseCount).SingleAsync();
    }

    [Fact]
    public async Task Without_domains_any_site_may_frame_the_player()
    {
        var (url, _) = await SingleUseTokenAsync("open", [], allowEmptyReferrer: false);

        var response = await LoadAsync(url, "https://anywhere.example.org/page");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors *", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listed_domain_plays_and_the_csp_names_only_the_listed_domains()
    {
        var (url, tokenId) = await SingleUseTokenAsync("listed", ["school.example.com", "lms.example.org"], allowEmptyReferrer: false);

        var response = await LoadAsync(url, "https://school.example.com/course/7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self' https://school.example.com http://school.example.com https://lms.example.org http://lms.example.org", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("frame-ancestors *", csp, StringComparison.Ordinal);
        // A page load spends nothing; the session start does.
        Assert.Equal(0, await UsesAsync(tokenId));
    }

    [Fact]
    public async Task Other_site_is_refused_and_does_not_consume_the_token()
    {
        var (url, tokenId) = await SingleUseTokenAsync("refused", ["school.example.com"], allowEmptyReferrer: true);

        var response = await LoadAsync(url, "https://pirate.example.net/stolen");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("not allowed on this site", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
        Assert.Equal(0, await UsesAsync(tokenId));
        // The token is still good on the right site.
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(url, "https://school.example.com/")).StatusCode);
    }

    [Fact]
    public async Task A_wildcard_entry_allows_the_domain_and_its_subdomains_and_the_csp_says_so()
    {
        var (url, _) = await SingleUseTokenAsync("wildcard", ["*.example.edu", "school.example.com"], allowEmptyReferrer: false);

        var sub = await LoadAsync(url, "https://lms.campus.example.edu/course");
        var apex = await LoadAsync(url, "https://example.edu/");
        var lookalike = await LoadAsync(url, "https://notexample.edu/");
        var exactOnly = await LoadAsync(url, "https://www.school.example.com/");

        Assert.Equal(HttpStatusCode.OK, sub.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apex.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lookalike.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, exactOnly.StatusCode);
        Assert.Contains("frame-ancestors 'self' https://example.edu http://example.edu https://*.example.edu http://*.example.edu https://school.example.com",
            sub.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_without_referrer_is_refused_unless_allowed()
    {
        var (refusedUrl, refusedId) = await SingleUseTokenAsync("noref-off", ["school.example.com"], allowEmptyReferrer: false);
        var (allowedUrl, _) = await SingleUseTokenAsync("noref-on", ["school.example.com"], allowEmptyReferrer: true);

        var refused = await LoadAsync(refusedUrl, referrer: null);
        var allowed = await LoadAsync(allowedUrl, referrer: null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await UsesAsync(refusedId));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Portal_itself_may_always_preview_the_player()
    {
        var (url, _) = await SingleUseTokenAsync("preview", ["school.example.com"], allowEmptyReferrer: false);

        var response = await LoadAsync(url, "http://localhost/videos/abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
