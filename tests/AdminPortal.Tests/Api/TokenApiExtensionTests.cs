using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

/// <summary>Our extensions (max_concurrent_viewers, allowed_ips) through both API forms: accepted, answered only when set.</summary>
public sealed class TokenApiExtensionTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task V1_create_and_update_take_the_extensions_and_answer_them_only_when_set()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var plain = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);
        Assert.Equal(TokenFields, Keys(plain));

        var created = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject
        {
            ["max_concurrent_viewers"] = 2,
            ["allowed_ips"] = new JsonArray("203.0.113.0/24", "2001:db8::1"),
        })), HttpStatusCode.Created);
        Assert.Equal([.. TokenFields, "max_concurrent_viewers", "allowed_ips"], Keys(created));
        Assert.Equal(2, created["max_concurrent_viewers"]!.GetValue<int>());
        Assert.Equal("[\"203.0.113.0/24\",\"2001:db8::1\"]", created["allowed_ips"]!.ToJsonString());

        var code = created["code"]!.GetValue<string>();
        var cleared = await ExpectAsync(await SendAsync(client, "PATCH", V1Tokens(org, video.Id) + code + "/", Json(new JsonObject
        {
            ["max_concurrent_viewers"] = null,
            ["allowed_ips"] = new JsonArray(),
        })), HttpStatusCode.OK);
        Assert.Equal(TokenFields, Keys(cleared));
    }

    [Fact]
    public async Task Admin_create_and_patch_take_the_extensions()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var created = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Json(new JsonObject { ["max_concurrent_viewers"] = 1000 })),
            HttpStatusCode.Created);
        Assert.Equal(1000, created["max_concurrent_viewers"]!.GetValue<int>());
        Assert.False(created.ContainsKey("allowed_ips"));

        var patched = await ExpectAsync(await SendAsync(client, "PATCH", created["url"]!.GetValue<string>(),
            Json(new JsonObject { ["allowed_ips"] = new JsonArray("::ffff:192.0.2.1") })), HttpStatusCode.OK);
        Assert.Equal(1000, patched["max_concurrent_viewers"]!.GetValue<int>());
        Assert.Equal("[\"192.0.2.1\"]", patched["allowed_ips"]!.ToJsonString());
    }

    [Fact]
    public async Task A_static_mark_may_carry_an_anchor_answered_only_when_not_top_left_and_a_bad_one_is_a_400()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var created = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject
        {
            ["annotations"] = new JsonArray(
                new JsonObject { ["text"] = "corner", ["anchor"] = "bottom-right", ["x"] = 12, ["y"] = 8 },
                new JsonObject { ["text"] = "plain", ["anchor"] = "top-left" },
                new JsonObject { ["text"] = "default" }),
        })), HttpStatusCode.Created);
        var marks = created["annotations"]!.AsArray();
        Assert.Equal("bottom-right", marks[0]!["anchor"]!.GetValue<string>());
        Assert.Equal((12, 8), (marks[0]!["x"]!.GetValue<int>(), marks[0]!["y"]!.GetValue<int>()));
        Assert.Equal(AnnotationFields.Order(), Keys(marks[1]!.AsObject()).Order());
        Assert.Equal(AnnotationFields.Order(), Keys(marks[2]!.AsObject()).Order());

        var bad = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject
        {
            ["annotations"] = new JsonArray(new JsonObject { ["text"] = "x", ["anchor"] = "middle" }),
        })), HttpStatusCode.BadRequest);
        Assert.Contains("top-right", bad["annotations[0].anchor"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
