using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Webhooks;
using Microsoft.Extensions.Options;
using static AdminPortal.Tests.Api.ApiKit;
using static AdminPortal.Tests.Webhooks.WebhookKit;

namespace AdminPortal.Tests.Webhooks;

/// <summary>The API over an app with the default rules: https only, no internal addresses.</summary>
public sealed class WebhookApiTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://127.8.9.10/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fc00::1]/hook")]
    [InlineData("https://[fd12:3456::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://LOCALHOST:8443/hook")]
    public async Task Urls_on_loopback_private_or_link_local_addresses_are_refused_naming_url(string url)
    {
        var org = NewOrg();
        var (_, admin) = await StaffClientAsync(factory, StaffRole.Admin, org);

        var body = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject { ["url"] = url, ["events"] = new JsonArray("token.created") })),
            HttpStatusCode.BadRequest);

        Assert.Equal(["url"], Keys(body));
        Assert.Contains("loopback, private or link-local", body["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[]", await admin.GetStringAsync(WebhooksUrl(org)));
    }

    [Fact]
    public void Address_rules_cover_the_internal_ranges_and_let_public_ones_through()
    {
        foreach (var address in new[] { "127.0.0.1", "10.255.0.1", "169.254.1.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "::1", "fc00::1", "fdff::1",
                     "fe80::abcd", "::ffff:127.0.0.1", "::" })
        {
            Assert.True(WebhookAddressRules.IsInternal(System.Net.IPAddress.Parse(address)), address);
        }
        foreach (var address in new[] { "93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8" })
        {
            Assert.False(WebhookAddressRules.IsInternal(System.Net.IPAddress.Parse(address)), address);
        }
    }

    [Fact]
    public async Task At_send_time_a_name_resolving_inward_is_refused_too()
    {
        // As after DNS rebinding: the stored URL's host now resolves to loopback. The connection itself refuses it.
        var rules = new WebhookAddressRules(Options.Create(new WebhookOptions { AllowHttp = true }));
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = rules.ConnectAsync });
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PostAsync(url, new StringContent("{}")));

        Assert.Contains("loopback, private or link-local", error.Message + " " + error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Bad_bodies_answer_400_naming_each_field_and_change_nothing()
    {
        var org = NewOrg();
        var (_, admin) = await StaffClientAsync(factory, StaffRole.Admin, org);

        var missing = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject())), HttpStatusCode.BadRequest);
        Assert.Equal(["events", "url"], Keys(missing).Order(StringComparer.Ordinal).ToArray());

        var bad = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject
        {
            ["url"] = "http://example.com/hook",
            ["events"] = new JsonArray("token.created", "token.exploded", 7),
            ["description"] = new string('d', 501),
            ["enabled"] = "yes",
            ["secret"] = "whsec_mine",
        })), HttpStatusCode.BadRequest);
        Assert.Equal(["enabled", "events[2]", "secret"], Keys(bad).Order(StringComparer.Ordinal).ToArray());

        var rules = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject
        {
            ["url"] = "http://example.com/hook",
            ["events"] = new JsonArray("token.created", "token.exploded"),
            ["description"] = new string('d', 501),
        })), HttpStatusCode.BadRequest);
        Assert.Equal(["description", "events[1]", "url"], Keys(rules).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("https", rules["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var empty = await ExpectAsync(await admin.PostAsync(WebhooksUrl(org), Json(new JsonObject { ["url"] = "https://93.184.216.34/", ["events"] = new JsonArray() })),
            HttpStatusCode.BadRequest);
        Assert.Equal(["events"], Keys(empty));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsync(WebhooksUrl(org), Raw("url=x", "application/x-www-form-urlencoded"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(WebhooksUrl(org), Raw("{\"url\": "))).StatusCode);
        Assert.Equal("[]", await admin.GetStringAsync(WebhooksUrl(org)));
    }

    [Fact]
    public async Task Only_Admin_keys_manage_webhooks_and_other_organizations_see_404()
    {
        var orgA = NewOrg();
        var orgB = NewOrg();
        var (_, adminA) = await StaffClientAsync(factory, StaffRole.Admin, orgA);
        var (_, adminB) = await StaffClientAsync(factory, StaffRole.Admin, orgB);
        var (_, editorA) = await StaffClientAsync(factory, StaffRole.Editor, orgA);
        var created = await ExpectAsync(await adminB.PostAsync(WebhooksUrl(orgB), Json(new JsonObject
        {
            ["url"] = "https://93.184.216.34/hook",
            ["events"] = new JsonArray("playback.started"),
            ["description"] = "CRM",
        })), HttpStatusCode.Created);
        var idB = created["id"]!.GetValue<string>();
        Assert.StartsWith("whsec_", created["secret"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["created", "description", "disabled_reason", "enabled", "events", "id", "modified", "secret", "url"],
            Keys(created).Order(StringComparer.Ordinal).ToArray());
        // Shown once: never again.
        Assert.Null((await ExpectAsync(await adminB.GetAsync(WebhooksUrl(orgB) + idB + "/"), HttpStatusCode.OK))["secret"]);

        foreach (var (method, url) in new[]
        {
            ("GET", WebhooksUrl(orgB)), ("POST", WebhooksUrl(orgB)), ("GET", WebhooksUrl(orgB) + idB + "/"), ("PATCH", WebhooksUrl(orgB) + idB + "/"),
            ("DELETE", WebhooksUrl(orgB) + idB + "/"), ("GET", WebhooksUrl(orgA) + idB + "/"), ("PATCH", WebhooksUrl(orgA) + idB + "/"),
            ("DELETE", WebhooksUrl(orgA) + idB + "/"), ("POST", WebhooksUrl(orgA) + idB + "/rotate-secret/"),
        })
        {
            var answer = await SendAsync(adminA, method, url, method is "POST" or "PATCH" ? Json(new JsonObject { ["enabled"] = false }) : null);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{method} {url} answered {(int)answer.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await editorA.GetAsync(WebhooksUrl(orgA))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorA.PostAsync(WebhooksUrl(orgA), Json(new JsonObject { ["url"] = "https://93.184.216.34/" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous(factory).GetAsync(WebhooksUrl(orgA))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await adminB.DeleteAsync(WebhooksUrl(orgB) + idB + "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync(WebhooksUrl(orgB) + idB + "/")).StatusCode);
    }
}
