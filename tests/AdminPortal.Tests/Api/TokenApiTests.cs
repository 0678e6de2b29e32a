using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

/// <summary>Every token endpoint of both forms, over real HTTP, asserting the exact JSON.</summary>
public sealed class TokenApiTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private DateTime Now => factory.Clock.GetUtcNow().UtcDateTime;

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Create_answers_201_with_the_exact_token_json()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var response = await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject
        {
            ["time_to_live"] = 300,
            ["expires_after_first_usage"] = true,
            ["annotations"] = new JsonArray(
                new JsonObject { ["text"] = "{ip}", ["type"] = "dynamic", ["color"] = "#ff0", ["opacity"] = 0.3, ["size"] = 5, ["interval"] = 2500, ["skip"] = 20 },
                new JsonObject { ["text"] = "Static", ["opacity"] = "0.9", ["x"] = 11, ["y"] = 12 }),
        }));

        var token = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(TokenFields, Keys(token));
        var code = token["code"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", code);
        var expected = new JsonObject
        {
            ["playback_url"] = $"http://localhost/embed/{org}/{video.Id}/?access_token={code}",
            ["expires_after_first_usage"] = true,
            ["code"] = code,
            ["status"] = "Active",
            ["valid_until"] = Iso(Now.AddSeconds(300)),
            ["annotations"] = new JsonArray(
                new JsonObject { ["text"] = "{ip}", ["type"] = "dynamic", ["color"] = "#FF0", ["opacity"] = "0.30", ["size"] = 5, ["interval"] = 2500, ["skip"] = 20, ["x"] = 16, ["y"] = 16 },
                new JsonObject { ["text"] = "Static", ["type"] = "static", ["color"] = "#FFFFFF", ["opacity"] = "0.90", ["size"] = 18, ["interval"] = 5000, ["skip"] = 0, ["x"] = 11, ["y"] = 12 }),
            ["created"] = Iso(Now),
            ["modified"] = Iso(Now),
        };
        Assert.Equal(expected.ToJsonString(), token.ToJsonString());
        Assert.EndsWith("Z", token["created"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_create_makes_a_reusable_token_with_no_time_limit()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var noBody = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);
        var emptyObject = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);

        foreach (var token in new[] { noBody, emptyObject })
        {
            Assert.Null(token["valid_until"]);
            Assert.False(token["expires_after_first_usage"]!.GetValue<bool>());
            Assert.Empty(token["annotations"]!.AsArray());
            Assert.Equal("Active", token["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task V1_view_update_and_revoke_walk_the_token_through_its_life()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var created = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);
        var url = V1Tokens(org, video.Id) + created["code"]!.GetValue<string>() + "/";

        var viewed = await ExpectAsync(await client.GetAsync(url), HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var put = await ExpectAsync(await client.PutAsync(url, Json(new JsonObject { ["time_to_live"] = 60 })), HttpStatusCode.OK);
        var patched = await ExpectAsync(await client.PatchAsync(url.TrimEnd('/'), Json(new JsonObject
        {
            ["expires_after_first_usage"] = true,
            ["annotations"] = new JsonArray(new JsonObject { ["text"] = "{code}" }),
        })), HttpStatusCode.OK);
        var delete = await client.DeleteAsync(url);
        var revoked = await ExpectAsync(await client.GetAsync(url), HttpStatusCode.OK);
        var deleteAgain = await client.DeleteAsync(url);

        Assert.Equal(created.ToJsonString(), viewed.ToJsonString());
        Assert.Equal(Iso(Now.AddSeconds(60)), put["valid_until"]!.GetValue<string>());
        Assert.Equal(Iso(Now), put["modified"]!.GetValue<string>());
        Assert.Equal(created["created"]!.GetValue<string>(), put["created"]!.GetValue<string>());
        Assert.Equal(put["valid_until"]!.GetValue<string>(), patched["valid_until"]!.GetValue<string>());
        Assert.True(patched["expires_after_first_usage"]!.GetValue<bool>());
        Assert.Equal("{code}", patched["annotations"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteAgain.StatusCode);
        Assert.Equal("Expired", revoked["status"]!.GetValue<string>());
        var list = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id)), HttpStatusCode.OK);
        Assert.Equal("Expired", list["results"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_with_null_time_to_live_removes_the_limit()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var created = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject { ["time_to_live"] = 10 })), HttpStatusCode.Created);
        var url = V1Tokens(org, video.Id) + created["code"]!.GetValue<string>() + "/";

        var updated = await ExpectAsync(await client.PatchAsync(url, Json(new JsonObject { ["time_to_live"] = null })), HttpStatusCode.OK);

        Assert.Null(updated["valid_until"]);
    }

    [Fact]
    public async Task Tokens_expire_by_time_at_once_with_zero_and_after_a_single_use()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        async Task<string> CreateAsync(JsonObject body) =>
            (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(body)), HttpStatusCode.Created))["code"]!.GetValue<string>();
        async Task<string> StatusAsync(string code) =>
            (await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + code + "/"), HttpStatusCode.OK))["status"]!.GetValue<string>();

        var timed = await CreateAsync(new JsonObject { ["time_to_live"] = 60 });
        var zero = await CreateAsync(new JsonObject { ["time_to_live"] = 0 });
        var single = await CreateAsync(new JsonObject { ["expires_after_first_usage"] = true });
        var forever = await CreateAsync(new JsonObject());

        Assert.Equal("Active", await StatusAsync(timed));
        Assert.Equal("Expired", await StatusAsync(zero));
        Assert.Equal("Active", await StatusAsync(single));

        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("Active", await StatusAsync(timed));
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Expired", await StatusAsync(timed));

        await using (var db = await factory.DbAsync())
        {
            await db.AccessTokens.Where(t => t.Code == Guid.Parse(single) || t.Code == Guid.Parse(forever))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UseCount, 1));
        }
        Assert.Equal("Expired", await StatusAsync(single));
        Assert.Equal("Active", await StatusAsync(forever));

        var active = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + "?is_active=true"), HttpStatusCode.OK);
        var expired = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + "?is_active=false"), HttpStatusCode.OK);
        Assert.Equal([forever], active["results"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
        Assert.Equal(new[] { single, zero, timed }, expired["results"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
        Assert.Equal(1, active["count"]!.GetValue<int>());
        Assert.Equal(3, expired["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task V1_list_pages_by_limit_and_offset_with_absolute_links()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            codes.Add((await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created))["code"]!.GetValue<string>());
        }
        codes.Reverse();
        var baseUrl = "http://localhost" + V1Tokens(org, video.Id);

        var first = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + "?limit=2"), HttpStatusCode.OK);
        var middle = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id).TrimEnd('/') + "?limit=2&offset=2&is_active=true"), HttpStatusCode.OK);
        var last = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + "?limit=2&offset=4"), HttpStatusCode.OK);
        var all = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id)), HttpStatusCode.OK);

        Assert.Equal(["count", "next", "previous", "results"], Keys(first));
        Assert.Equal(5, first["count"]!.GetValue<int>());
        Assert.Equal(baseUrl + "?limit=2&offset=2", first["next"]!.GetValue<string>());
        Assert.Null(first["previous"]);
        Assert.Equal(codes[..2], first["results"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
        Assert.Equal(baseUrl + "?is_active=true&limit=2&offset=4", middle["next"]!.GetValue<string>());
        Assert.Equal(baseUrl + "?is_active=true&limit=2", middle["previous"]!.GetValue<string>());
        Assert.Equal(codes[2..4], middle["results"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
        Assert.Null(last["next"]);
        Assert.Equal(baseUrl + "?limit=2&offset=2", last["previous"]!.GetValue<string>());
        Assert.Equal(codes[4..], last["results"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
        Assert.Null(all["next"]);
        Assert.Equal(5, all["results"]!.AsArray().Count);
        Assert.All(all["results"]!.AsArray(), t => Assert.Equal(TokenFields, Keys(t!.AsObject())));
    }

    [Fact]
    public async Task Admin_form_walks_list_create_view_update_and_revoke_with_urls()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var baseUrl = "http://localhost" + AdminTokens(video.Id);

        var created = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id).TrimEnd('/'), Json(new JsonObject
        {
            ["annotations"] = new JsonArray(new JsonObject { ["text"] = "moving text", ["type"] = "dynamic", ["opacity"] = "0.30" }),
        })), HttpStatusCode.Created);
        var code = created["code"]!.GetValue<string>();
        var url = AdminTokens(video.Id) + code + "/";
        var viewed = await ExpectAsync(await client.GetAsync(url), HttpStatusCode.OK);
        var put = await ExpectAsync(await client.PutAsync(url, Json(new JsonObject { ["time_to_live"] = 300 })), HttpStatusCode.OK);
        var patched = await ExpectAsync(await client.PatchAsync(url, Json(new JsonObject { ["expires_after_first_usage"] = true })), HttpStatusCode.OK);
        var list = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id)), HttpStatusCode.OK);
        var v1View = await ExpectAsync(await client.GetAsync(V1Tokens(org, video.Id) + code + "/"), HttpStatusCode.OK);
        var delete = await client.DeleteAsync(url);
        var revoked = await ExpectAsync(await client.GetAsync(url), HttpStatusCode.OK);

        Assert.Equal(["url", .. TokenFields], Keys(created));
        Assert.Equal(baseUrl + code + "/", created["url"]!.GetValue<string>());
        Assert.Equal($"http://localhost/embed/{org}/{video.Id}/?access_token={code}", created["playback_url"]!.GetValue<string>());
        Assert.Equal(AnnotationFields, Keys(created["annotations"]![0]!.AsObject()));
        Assert.Equal("0.30", created["annotations"]![0]!["opacity"]!.GetValue<string>());
        Assert.Equal(created.ToJsonString(), viewed.ToJsonString());
        Assert.Equal(Iso(Now.AddSeconds(300)), put["valid_until"]!.GetValue<string>());
        Assert.True(patched["expires_after_first_usage"]!.GetValue<bool>());
        Assert.Equal(["count", "next", "previous", "per_page", "results"], Keys(list));
        Assert.Equal(20, list["per_page"]!.GetValue<int>());
        Assert.Equal(patched.ToJsonString(), list["results"]![0]!.ToJsonString());
        v1View.Remove("url");
        patched.Remove("url");
        Assert.Equal(patched.ToJsonString(), v1View.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal("Expired", revoked["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_form_pages_by_number_and_filters_by_is_active_or_status()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        for (var i = 0; i < 5; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Json(new JsonObject { ["time_to_live"] = i % 2 == 0 ? 0 : 600 })), HttpStatusCode.Created);
        }
        var baseUrl = "http://localhost" + AdminTokens(video.Id);

        var first = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?page_size=2"), HttpStatusCode.OK);
        var second = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?page_size=2&page=2"), HttpStatusCode.OK);
        var third = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?page=3&page_size=2"), HttpStatusCode.OK);
        var beyond = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?page=4&page_size=2"), HttpStatusCode.NotFound);
        var active = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?is_active=true"), HttpStatusCode.OK);
        var expired = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?status=expired"), HttpStatusCode.OK);
        var activeByStatus = await ExpectAsync(await client.GetAsync(AdminTokens(video.Id) + "?status=Active"), HttpStatusCode.OK);

        Assert.Equal(5, first["count"]!.GetValue<int>());
        Assert.Equal(2, first["per_page"]!.GetValue<int>());
        Assert.Equal(baseUrl + "?page_size=2&page=2", first["next"]!.GetValue<string>());
        Assert.Null(first["previous"]);
        Assert.Equal(baseUrl + "?page_size=2&page=3", second["next"]!.GetValue<string>());
        Assert.Equal(baseUrl + "?page_size=2", second["previous"]!.GetValue<string>());
        Assert.Null(third["next"]);
        Assert.Equal(baseUrl + "?page_size=2&page=2", third["previous"]!.GetValue<string>());
        Assert.Single(third["results"]!.AsArray());
        Assert.Equal("Invalid page.", beyond["detail"]!.GetValue<string>());
        Assert.Equal(2, active["count"]!.GetValue<int>());
        Assert.All(active["results"]!.AsArray(), t => Assert.Equal("Active", t!["status"]!.GetValue<string>()));
        Assert.Equal(3, expired["count"]!.GetValue<int>());
        Assert.All(expired["results"]!.AsArray(), t => Assert.Equal("Expired", t!["status"]!.GetValue<string>()));
        Assert.Equal(active.ToJsonString(), activeByStatus.ToJsonString());
    }

    [Fact]
    public async Task A_code_of_another_video_is_not_found_in_either_form()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var other = await factory.VideoAsync(org, "Other");
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var code = (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created))["code"]!.GetValue<string>();

        foreach (var url in new[] { V1Tokens(org, other.Id) + code + "/", AdminTokens(other.Id) + code + "/" })
        {
            foreach (var method in new[] { "GET", "PUT", "PATCH", "DELETE" })
            {
                var body = await ExpectAsync(await SendAsync(client, method, url, Json(new JsonObject { ["time_to_live"] = 1 })), HttpStatusCode.NotFound);
                Assert.Equal("{\"detail\":\"Not found.\"}", body.ToJsonString());
            }
        }
        foreach (var url in new[] { V1Tokens(org, video.Id) + "not-a-uuid/", V1Tokens(org, video.Id) + Guid.NewGuid() + "/", V1Tokens(org, "nosuchvideo00000") })
        {
            await ExpectAsync(await client.GetAsync(url), HttpStatusCode.NotFound);
        }
        await using var db = await factory.DbAsync();
        var token = await db.AccessTokens.SingleAsync(t => t.Code == Guid.Parse(code));
        Assert.Null(token.ValidUntil);
        Assert.Null(token.RevokedAt);
    }

    [Fact]
    public async Task Playback_url_uses_the_configured_public_base_url()
    {
        await using var configured = new PublicBaseUrlFactory();
        var org = NewOrg();
        var video = await configured.VideoAsync(org);
        var (_, client) = await StaffClientAsync(configured, StaffRole.Editor, org);

        var token = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), null), HttpStatusCode.Created);

        var code = token["code"]!.GetValue<string>();
        Assert.Equal($"https://videos.example.com/embed/{org}/{video.Id}/?access_token={code}", token["playback_url"]!.GetValue<string>());
        Assert.Equal($"https://videos.example.com/api/v2.5/admin/videos/{video.Id}/access-tokens/{code}/", token["url"]!.GetValue<string>());
    }

    private sealed class PublicBaseUrlFactory : PortalFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AdminPortal:PublicBaseUrl", "https://videos.example.com/");
        }
    }
}
