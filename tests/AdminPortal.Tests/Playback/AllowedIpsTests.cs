using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Tests.Playback;

/// <summary>An app behind a proxy: ASPNETCORE_FORWARDEDHEADERS_ENABLED is set, so X-Forwarded-For is the viewer's address.</summary>
public sealed class ForwardedPortalFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new() { Settings = new() { ["FORWARDEDHEADERS_ENABLED"] = "true" } };

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>allowed_ips over real HTTP, the viewer's address coming from the proxy's X-Forwarded-For.</summary>
public sealed class AllowedIpsTests(ForwardedPortalFixture fixture) : IClassFixture<ForwardedPortalFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private ViewerKit Kit => new(factory);

    private async Task<(HttpStatusCode Status, string Html)> LoadFromAsync(string url, string ip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Forwarded-For", ip);
        using var response = await factory.Browser().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> StartFromAsync(string ticket, string ip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/play/sessions") { Content = JsonContent.Create(new { ticket }) };
        request.Headers.Add("X-Forwarded-For", ip);
        using var response = await factory.Browser().SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<string> UrlAsync(params string[] allowed)
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { AllowedIps = allowed });
        return ViewerKit.Url(video.Id, token.Code);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("198.51.100.0/24", "198.51.100.0", true)]
    [InlineData("198.51.100.0/24", "198.51.100.255", true)]
    [InlineData("198.51.100.0/24", "198.51.99.255", false)]
    [InlineData("198.51.100.0/24", "198.51.101.0", false)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("0.0.0.0/0", "192.0.2.1", true)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("2001:db8::1", "2001:db8::2", false)]
    [InlineData("2001:db8:abcd::/48", "2001:db8:abcd:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:abcd::/48", "2001:db8:abce::", false)]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7", true)]
    [InlineData("::ffff:203.0.113.0/120", "203.0.113.200", true)]
    [InlineData("203.0.113.0/24", "2001:db8::1", false)]
    public async Task A_page_load_plays_only_from_an_allowed_address_or_range(string allowed, string viewer, bool plays)
    {
        var (status, html) = await LoadFromAsync(await UrlAsync(allowed), viewer);

        if (plays)
        {
            Assert.Equal(HttpStatusCode.OK, status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("This video is not available from your network.", html);
        }
    }

    [Fact]
    public async Task A_session_start_from_another_network_than_the_load_is_refused()
    {
        var url = await UrlAsync("203.0.113.0/24");
        var (status, html) = await LoadFromAsync(url, "203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, status);
        var ticket = ViewerKit.Config(html).GetProperty("ticket").GetString()!;

        var (refused, body) = await StartFromAsync(ticket, "192.0.2.9");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal("NetworkNotAllowed", body.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Created, (await StartFromAsync(ticket, "203.0.113.10")).Status);
    }

    [Fact]
    public async Task A_token_without_allowed_ips_plays_from_anywhere()
    {
        var (video, token) = await Kit.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await LoadFromAsync(ViewerKit.Url(video.Id, token.Code), "192.0.2.44")).Status);
    }

    [Theory]
    [InlineData("203.0.113.7/24", "allowed_ips[0]", "did you mean 203.0.113.0/24")]
    [InlineData("203.0.113.0/33", "allowed_ips[0]", "prefix")]
    [InlineData("example.com", "allowed_ips[0]", "not an IPv4 or IPv6 address")]
    [InlineData("10.1", "allowed_ips[0]", "not an IPv4 or IPv6 address")]
    [InlineData("", "allowed_ips[0]", "IPv4")]
    public async Task A_bad_entry_is_refused_naming_it_and_changes_nothing(string entry, string field, string message)
    {
        var (video, token) = await Kit.TokenAsync(new TokenChanges { AllowedIps = new[] { "192.0.2.1" } });
        var result = await factory.Service<TokenService>().UpdateAsync(await factory.AdminAsync(), video.Id, token.Code,
            new TokenChanges { AllowedIps = new[] { entry }, MaxConcurrentViewers = 5L });

        Assert.False(result.IsOk);
        Assert.Contains(field, result.Errors.Fields);
        Assert.Contains(message, result.Errors.FirstMessage);
        var stored = (await factory.Service<TokenService>().GetAsync(await factory.AdminAsync(), video.Id, token.Code)).Value!;
        Assert.Equal(["192.0.2.1"], stored.AllowedIps);
        Assert.Null(stored.MaxConcurrentViewers);
    }

    [Fact]
    public async Task More_than_twenty_entries_are_refused_and_entries_are_stored_canonical()
    {
        var errors = new ValidationErrors();
        Assert.Null(TokenRules.ValidateAllowedIps(Enumerable.Range(1, 21).Select(i => $"192.0.2.{i}").ToList(), errors));
        Assert.Contains("allowed_ips", errors.Fields);

        var (_, token) = await Kit.TokenAsync(new TokenChanges { AllowedIps = new[] { " 2001:DB8:0::1 ", "::ffff:203.0.113.0/120", "2001:db8::1" } });
        Assert.Equal(["2001:db8::1", "203.0.113.0/24"], token.AllowedIps);
    }
}

/// <summary>Without ASPNETCORE_FORWARDEDHEADERS_ENABLED a forwarded address is not believed.</summary>
public sealed class AllowedIpsWithoutProxyTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task X_forwarded_for_is_ignored_when_forwarded_headers_are_off()
    {
        var kit = new ViewerKit(fixture.Factory);
        var (video, token) = await kit.TokenAsync(new TokenChanges { AllowedIps = new[] { "203.0.113.7" } });
        using var request = new HttpRequestMessage(HttpMethod.Get, ViewerKit.Url(video.Id, token.Code));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await fixture.Factory.Browser().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
