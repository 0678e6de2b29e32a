using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Hardening;

/// <summary>The outside probe's reproductions: each must answer a clear 4xx and change nothing.</summary>
public sealed class ProbeFindingsTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Theory]
    [InlineData("{\"username\": \"\\ud800\", \"password\": \"x\", \"organization_id\": \"demo\"}", "username")]
    [InlineData("{\"username\": \"a@b.test\", \"password\": \"x\\udfff\", \"organization_id\": \"demo\"}", "password")]
    [InlineData("{\"\\ud800\": 1}", "non_field_errors")]
    public async Task A_lone_surrogate_in_the_login_body_is_a_400_naming_the_field(string body, string field)
    {
        var response = await ApiKit.Anonymous(factory).PostAsync("/api/auth/login/", ApiKit.Raw(body));

        var json = await ApiKit.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ApiKit.Keys(json));
    }

    [Theory]
    [InlineData("{\"annotations\": [{\"text\": \"\\ud800\"}]}", "annotations[0].text")]
    [InlineData("{\"annotations\": [{\"text\": \"ok\", \"\\udc00x\": 1}]}", "annotations[0]")]
    [InlineData("{\"\\ud800\": true}", "non_field_errors")]
    [InlineData("{\"annotations\": [{\"text\": \"ok\", \"color\": \"#fff\\ud800\"}]}", "annotations[0].color")]
    public async Task A_lone_surrogate_in_a_token_body_is_a_400_naming_the_field_in_both_forms_and_on_update(string body, string field)
    {
        var org = ApiKit.NewOrg();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var created = await ApiKit.ExpectAsync(await client.PostAsync(ApiKit.V1Tokens(org, video.Id), ApiKit.Json(new JsonObject())), HttpStatusCode.Created);
        var code = created["code"]!.GetValue<string>();

        var answers = new[]
        {
            await client.PostAsync(ApiKit.V1Tokens(org, video.Id), ApiKit.Raw(body)),
            await client.PostAsync(ApiKit.AdminTokens(video.Id), ApiKit.Raw(body)),
            await ApiKit.SendAsync(client, "PATCH", ApiKit.V1Tokens(org, video.Id) + code + "/", ApiKit.Raw(body)),
            await ApiKit.SendAsync(client, "PUT", ApiKit.AdminTokens(video.Id) + code + "/", ApiKit.Raw(body)),
        };

        foreach (var response in answers)
        {
            var json = await ApiKit.ExpectAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains(field, ApiKit.Keys(json));
        }
        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.AccessTokens.CountAsync(t => t.VideoId == video.Id));
        Assert.Empty((await db.AccessTokens.SingleAsync(t => t.VideoId == video.Id)).Annotations);
    }

    [Theory]
    [InlineData("#fff\n")]
    [InlineData("#FFFFFF\n")]
    public async Task A_colour_with_a_trailing_newline_is_a_400(string color)
    {
        var org = ApiKit.NewOrg();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);

        var response = await client.PostAsync(ApiKit.V1Tokens(org, video.Id), ApiKit.Json(new JsonObject
        {
            ["annotations"] = new JsonArray(new JsonObject { ["text"] = "hi", ["color"] = color }),
        }));

        var json = await ApiKit.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("annotations[0].color", ApiKit.Keys(json));
        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.VideoId == video.Id));
    }

    [Theory]
    [InlineData("GET", "/api/auth/login/", "POST")]
    [InlineData("DELETE", "/api/v1/{org}/assets/{video}/access_tokens/", "GET, POST")]
    [InlineData("POST", "/api/v2.5/admin/videos/{video}/access-tokens/{code}/", "DELETE, GET, PATCH, PUT")]
    [InlineData("PUT", "/api/v1/{org}/assets/", "GET")]
    public async Task A_wrong_method_on_a_known_api_path_is_a_405_with_allow(string method, string path, string allow)
    {
        var org = ApiKit.NewOrg();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var url = path.Replace("{org}", org, StringComparison.Ordinal).Replace("{video}", video.Id, StringComparison.Ordinal)
            .Replace("{code}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        var response = await ApiKit.SendAsync(client, method, url, ApiKit.Json(new JsonObject()));

        var json = await ApiKit.ExpectAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains(method, json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_api_path_is_still_a_404()
    {
        var response = await ApiKit.Anonymous(factory).GetAsync("/api/v1/nothing/here/at/all/");

        var json = await ApiKit.ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not found.", json["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("%0A")]
    [InlineData("%20")]
    public async Task A_token_code_with_anything_around_it_is_not_found(string suffix)
    {
        var org = ApiKit.NewOrg();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var created = await ApiKit.ExpectAsync(await client.PostAsync(ApiKit.V1Tokens(org, video.Id), ApiKit.Json(new JsonObject())), HttpStatusCode.Created);
        var code = created["code"]!.GetValue<string>();

        var view = await client.GetAsync(ApiKit.V1Tokens(org, video.Id) + code + suffix + "/");
        var revoke = await ApiKit.SendAsync(client, "DELETE", ApiKit.AdminTokens(video.Id) + code + suffix + "/");

        await ApiKit.ExpectAsync(view, HttpStatusCode.NotFound);
        await ApiKit.ExpectAsync(revoke, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ApiKit.V1Tokens(org, video.Id) + code + "/")).StatusCode);
        Assert.Equal("Active", (await ApiKit.BodyAsync(await client.GetAsync(ApiKit.V1Tokens(org, video.Id) + code + "/")))["status"]!.GetValue<string>());
    }

    [Fact]
    public void A_lone_surrogate_from_a_form_is_refused_by_the_annotation_and_title_rules()
    {
        var errors = new AdminPortal.Web.Common.ValidationErrors();

        AdminPortal.Web.Tokens.AnnotationRules.Validate(new AdminPortal.Web.Tokens.AnnotationInput { Text = "Licensed \ud800" }, 0, errors);

        Assert.NotEmpty(errors.For("annotations[0].text"));
        Assert.NotNull(AdminPortal.Web.Videos.VideoRules.ValidateTitle("Lecture \udc00"));
        Assert.Null(AdminPortal.Web.Videos.VideoRules.ValidateTitle("Lecture \ud83c\udfac"));
    }
}
