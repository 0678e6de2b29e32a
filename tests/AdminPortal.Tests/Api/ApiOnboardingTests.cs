using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Staff;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

/// <summary>A first API call works as the docs show it, and a wrong header says how to send the key.</summary>
public sealed class ApiOnboardingTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task The_example_body_with_null_fields_creates_a_token()
    {
        var org = NewOrg();
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);

        var response = await client.PostAsync(V1Tokens(org, video.Id), Raw(
            """{"time_to_live": null, "expires_after_first_usage": null, "annotations": null, "max_concurrent_viewers": null, "allowed_ips": null}"""));
        var withAnnotation = await client.PostAsync(V1Tokens(org, video.Id), Raw(
            """{"annotations": [{"type": null, "text": "{ip}", "color": null, "opacity": null, "size": null, "x": null, "y": null, "interval": null, "skip": null}]}"""));

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.False(body["expires_after_first_usage"]!.GetValue<bool>());
        Assert.Null(body["valid_until"]);
        await ExpectAsync(withAnnotation, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("Bearer {0}")]
    public async Task A_key_sent_without_the_token_word_answers_401_saying_how_to_send_it(string header)
    {
        var org = NewOrg();
        var actor = await factory.StaffAsync(StaffRole.Editor, org);
        var key = await LoginAsync(factory, actor.Name, org);
        using var client = Anonymous(factory);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, key));

        var body = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);

        Assert.Contains("use `Authorization: Token <key>`", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Absent and wrong keys keep the published answers.
        Assert.Equal("Authentication credentials were not provided.", (await ExpectAsync(await Anonymous(factory).GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        Assert.Equal("Invalid token.", (await ExpectAsync(await WithKey(factory, new string('a', 40)).GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_docs_introduction_shows_the_header_with_its_key_placeholder_and_a_curl_call_with_the_token_prefix()
    {
        var browser = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var document = JsonNode.Parse(await browser.GetStringAsync("/api/openapi/v1.json"))!;
        var docs = await browser.GetStringAsync("/api/docs/");

        var intro = document["info"]!["description"]!.GetValue<string>();
        Assert.Contains("`Authorization: Token <key>`", intro, StringComparison.Ordinal);
        Assert.Contains("-H \"Authorization: Token $KEY\"", intro, StringComparison.Ordinal);
        Assert.Contains("Token YOUR_KEY", docs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_keys_are_listed_apart_and_stale_ones_are_revoked_in_one_go()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var keys = factory.Service<ApiKeyService>();
        var stale = await LoginAsync(factory, admin.Name, org);
        var named = (await keys.CreateAsync(admin, "Course website", TestContext.Current.CancellationToken)).Value!;
        factory.Clock.Advance(ApiKeyService.StaleAfter + TimeSpan.FromHours(1));
        var fresh = await LoginAsync(factory, admin.Name, org);

        var list = (await keys.ListAsync(admin, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(2, list.Count(k => k.FromLogin));
        Assert.False(list.Single(k => k.Id == named.View.Id).FromLogin);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal([stale[..8]], list.Where(k => k.IsStaleAt(now)).Select(k => k.Prefix));

        var revoked = await keys.RevokeStaleLoginKeysAsync(admin, TestContext.Current.CancellationToken);

        Assert.Equal(1, revoked.Value);
        Assert.Null(await keys.AuthenticateAsync(stale, TestContext.Current.CancellationToken));
        Assert.NotNull(await keys.AuthenticateAsync(fresh, TestContext.Current.CancellationToken));
        Assert.NotNull(await keys.AuthenticateAsync(named.Key, TestContext.Current.CancellationToken));
        Assert.Equal(Web.Common.ResultStatus.Forbidden, (await keys.RevokeStaleLoginKeysAsync(await factory.StaffAsync(StaffRole.Editor, org), TestContext.Current.CancellationToken)).Status);
    }
}
