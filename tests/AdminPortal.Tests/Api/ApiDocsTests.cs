using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

public sealed class ApiDocsTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_and_field()
    {
        var browser = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var response = await browser.GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var paths = document["paths"]!.AsObject();
        Assert.Equal(
            new[]
            {
                "/api/auth/login/", "/api/auth/logout/",
                "/api/v1/{org_code}/assets/", "/api/v1/{org_code}/assets/{asset_id}/",
                "/api/v1/{org_code}/assets/{asset_id}/access_tokens/", "/api/v1/{org_code}/assets/{asset_id}/access_tokens/{code}/",
                "/api/v2.5/admin/videos/{video_id}/access-tokens/", "/api/v2.5/admin/videos/{video_id}/access-tokens/{code}/",
                "/api/v1/{org_code}/webhooks/", "/api/v1/{org_code}/webhooks/{id}/", "/api/v1/{org_code}/webhooks/{id}/rotate-secret/",
            }.Order(StringComparer.Ordinal),
            paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            }
        }
        var create = paths.Single(p => p.Key.TrimEnd('/').EndsWith("access_tokens", StringComparison.Ordinal)).Value!["post"]!;
        var request = create["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Null(request["required"]);
        Assert.Equal(["time_to_live", "expires_after_first_usage", "annotations", "max_concurrent_viewers", "allowed_ips", "viewer"], request["properties"]!.AsObject().Select(p => p.Key));
        Assert.All(request["properties"]!.AsObject(), p => Assert.False(string.IsNullOrWhiteSpace(p.Value!["description"]?.GetValue<string>())));
        Assert.Equal("[\"null\",\"integer\"]", request["properties"]!["time_to_live"]!["type"]!.ToJsonString());

        var schemas = document["components"]!["schemas"]!.AsObject();
        var described = new[] { "TokenJson", "AdminTokenJson", "AnnotationJson", "AssetJson", "AssetVideoJson", "LoginResponseJson", "ApiError" };
        foreach (var name in described)
        {
            var properties = schemas[name]!["properties"]!.AsObject();
            Assert.All(properties, p => Assert.False(string.IsNullOrWhiteSpace(p.Value!["description"]?.GetValue<string>()), $"{name}.{p.Key} has no description"));
        }
        Assert.Contains("valid_until", schemas["TokenJson"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(document["components"]!["securitySchemes"]!["Token"]);
    }

    [Fact]
    public async Task The_docs_page_is_for_signed_in_staff()
    {
        var browser = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var page = await browser.GetAsync("/api/docs/");
        var anonymous = await Anonymous(factory).GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("api/openapi/v1.json", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/docs/scalar.js")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
