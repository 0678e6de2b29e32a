using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

/// <summary>Bad input of every kind: a clear 400/413/415 naming the field, never a 500, never a partial write.</summary>
public sealed class TokenApiBadInputTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    /// <summary>Where a case is sent: creates and updates of both forms, and the list/asset queries.</summary>
    public enum Target
    {
        V1Create,
        V1Put,
        V1Patch,
        AdminCreate,
        AdminPatch,
        V1List,
        AdminList,
        Assets,
    }

    public sealed record Case(Target Target, string? Body, int Status, string Field, string? ContentType = "application/json", string? Query = null);

    private static string Annotations(params string[] items) => $"{{\"annotations\": [{string.Join(",", items)}]}}";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["malformed JSON"] = new(Target.V1Create, "{\"time_to_live\": ", 400, "detail"),
        ["trailing garbage"] = new(Target.AdminCreate, "{} x", 400, "detail"),
        ["JSON array body"] = new(Target.V1Create, "[1, 2]", 400, "non_field_errors"),
        ["JSON string body"] = new(Target.V1Patch, "\"hello\"", 400, "non_field_errors"),
        ["nested too deep"] = new(Target.V1Create, "{\"annotations\": " + new string('[', 100) + new string(']', 100) + "}", 400, "detail"),
        ["text/plain content type"] = new(Target.V1Create, "{\"time_to_live\": 5}", 415, "detail", "text/plain"),
        ["form content type"] = new(Target.AdminCreate, "time_to_live=5", 415, "detail", "application/x-www-form-urlencoded"),
        ["no content type with a body"] = new(Target.V1Put, "{\"time_to_live\": 5}", 415, "detail", null),
        ["5 MB body"] = new(Target.V1Create, "{\"annotations\": [{\"text\": \"" + new string('a', 5 * 1024 * 1024) + "\"}]}", 413, "detail"),
        ["5 MB body on update"] = new(Target.AdminPatch, "{\"annotations\": [{\"text\": \"" + new string('a', 5 * 1024 * 1024) + "\"}]}", 413, "detail"),
        ["time_to_live text"] = new(Target.V1Create, "{\"time_to_live\": \"abc\"}", 400, "time_to_live"),
        ["time_to_live fraction"] = new(Target.V1Create, "{\"time_to_live\": 1.5}", 400, "time_to_live"),
        ["time_to_live boolean"] = new(Target.V1Create, "{\"time_to_live\": true}", 400, "time_to_live"),
        ["time_to_live exponent"] = new(Target.V1Create, "{\"time_to_live\": 1e3}", 400, "time_to_live"),
        ["time_to_live negative"] = new(Target.V1Put, "{\"time_to_live\": -1}", 400, "time_to_live"),
        ["time_to_live over 10 years"] = new(Target.AdminCreate, "{\"time_to_live\": 315360001}", 400, "time_to_live"),
        ["time_to_live beyond 64 bits"] = new(Target.V1Create, "{\"time_to_live\": 99999999999999999999999}", 400, "time_to_live"),
        ["time_to_live given twice"] = new(Target.V1Create, "{\"time_to_live\": 5, \"time_to_live\": 6}", 400, "time_to_live"),
        ["expires_after_first_usage text"] = new(Target.V1Create, "{\"expires_after_first_usage\": \"yes\"}", 400, "expires_after_first_usage"),
        ["unknown top-level field"] = new(Target.V1Create, "{\"ttl\": 5}", 400, "ttl"),
        ["max_concurrent_viewers zero"] = new(Target.V1Create, "{\"max_concurrent_viewers\": 0}", 400, "max_concurrent_viewers"),
        ["max_concurrent_viewers 1001"] = new(Target.AdminPatch, "{\"max_concurrent_viewers\": 1001}", 400, "max_concurrent_viewers"),
        ["max_concurrent_viewers text"] = new(Target.V1Put, "{\"max_concurrent_viewers\": \"3\"}", 400, "max_concurrent_viewers"),
        ["max_concurrent_viewers fraction"] = new(Target.AdminCreate, "{\"max_concurrent_viewers\": 2.5}", 400, "max_concurrent_viewers"),
        ["allowed_ips a string"] = new(Target.V1Create, "{\"allowed_ips\": \"10.0.0.1\"}", 400, "allowed_ips"),
        ["allowed_ips a number item"] = new(Target.AdminCreate, "{\"allowed_ips\": [\"10.0.0.1\", 7]}", 400, "allowed_ips[1]"),
        ["allowed_ips bad address"] = new(Target.V1Patch, "{\"allowed_ips\": [\"10.0.0.300\"]}", 400, "allowed_ips[0]"),
        ["allowed_ips host bits"] = new(Target.AdminPatch, "{\"allowed_ips\": [\"10.0.0.1/8\"]}", 400, "allowed_ips[0]"),
        ["allowed_ips 21 entries"] = new(Target.V1Create, "{\"allowed_ips\": [" + string.Join(",", Enumerable.Range(1, 21).Select(i => $"\"192.0.2.{i}\"")) + "]}", 400, "allowed_ips"),
        ["annotations an object"] = new(Target.V1Create, "{\"annotations\": {}}", 400, "annotations"),
        ["annotations a string"] = new(Target.V1Patch, "{\"annotations\": \"x\"}", 400, "annotations"),
        ["annotation not an object"] = new(Target.V1Create, Annotations("1"), 400, "annotations[0]"),
        ["11 annotations"] = new(Target.V1Create, Annotations(Enumerable.Repeat("{\"text\": \"a\"}", 11).ToArray()), 400, "annotations"),
        ["unknown annotation field"] = new(Target.V1Create, Annotations("{\"text\": \"a\"}", "{\"text\": \"b\", \"colour\": \"#fff\"}"), 400, "annotations[1].colour"),
        ["colour word"] = new(Target.V1Create, Annotations("{\"text\": \"a\"}", "{\"text\": \"b\", \"color\": \"red\"}"), 400, "annotations[1].color"),
        ["colour five digits"] = new(Target.AdminCreate, Annotations("{\"text\": \"a\", \"color\": \"#12345\"}"), 400, "annotations[0].color"),
        ["colour number"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"color\": 255}"), 400, "annotations[0].color"),
        ["opacity above 1"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"opacity\": 1.5}"), 400, "annotations[0].opacity"),
        ["opacity negative string"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"opacity\": \"-0.1\"}"), 400, "annotations[0].opacity"),
        ["opacity word"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"opacity\": \"abc\"}"), 400, "annotations[0].opacity"),
        ["opacity boolean"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"opacity\": true}"), 400, "annotations[0].opacity"),
        ["size word"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"size\": \"big\"}"), 400, "annotations[0].size"),
        ["size zero"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"size\": 0}"), 400, "annotations[0].size"),
        ["size 201"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"size\": 201}"), 400, "annotations[0].size"),
        ["size fraction"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"size\": 5.5}"), 400, "annotations[0].size"),
        ["type unknown"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"type\": \"moving\"}"), 400, "annotations[0].type"),
        ["text missing"] = new(Target.V1Create, Annotations("{\"color\": \"#fff\"}"), 400, "annotations[0].text"),
        ["text empty"] = new(Target.V1Create, Annotations("{\"text\": \"  \"}"), 400, "annotations[0].text"),
        ["text too long"] = new(Target.V1Create, Annotations("{\"text\": \"" + new string('a', 201) + "\"}"), 400, "annotations[0].text"),
        ["text a number"] = new(Target.V1Create, Annotations("{\"text\": 123}"), 400, "annotations[0].text"),
        ["text with a line break"] = new(Target.V1Create, Annotations("{\"text\": \"a\\nb\"}"), 400, "annotations[0].text"),
        ["interval too short"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"type\": \"dynamic\", \"interval\": 99}"), 400, "annotations[0].interval"),
        ["skip negative"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"skip\": -1}"), 400, "annotations[0].skip"),
        ["x negative"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"x\": -5}"), 400, "annotations[0].x"),
        ["y beyond int"] = new(Target.V1Create, Annotations("{\"text\": \"a\", \"y\": 3000000000}"), 400, "annotations[0].y"),
        ["valid ttl with a bad annotation on update"] = new(Target.V1Patch, "{\"time_to_live\": 5, \"annotations\": [{\"text\": \"a\", \"color\": \"nope\"}]}", 400, "annotations[0].color"),
        ["valid ttl with a bad annotation on admin update"] = new(Target.AdminPatch, "{\"time_to_live\": 5, \"expires_after_first_usage\": true, \"annotations\": [{\"text\": \"\"}]}", 400, "annotations[0].text"),
        ["limit not a number"] = new(Target.V1List, null, 400, "limit", Query: "?limit=abc"),
        ["limit zero"] = new(Target.Assets, null, 400, "limit", Query: "?limit=0"),
        ["offset negative"] = new(Target.V1List, null, 400, "offset", Query: "?offset=-1"),
        ["is_active maybe"] = new(Target.V1List, null, 400, "is_active", Query: "?is_active=maybe"),
        ["page zero"] = new(Target.AdminList, null, 400, "page", Query: "?page=0"),
        ["page_size word"] = new(Target.AdminList, null, 400, "page_size", Query: "?page_size=x"),
        ["status unknown"] = new(Target.AdminList, null, 400, "status", Query: "?status=gone"),
        ["status contradicts is_active"] = new(Target.AdminList, null, 400, "status", Query: "?status=active&is_active=false"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_table_has_at_least_30_cases() => Assert.True(Cases.Count >= 30);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_refused_naming_the_field_and_writes_nothing(string name)
    {
        var @case = Cases[name];
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var existing = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject
        {
            ["time_to_live"] = 600,
            ["annotations"] = new JsonArray(new JsonObject { ["text"] = "before" }),
        })), HttpStatusCode.Created);
        var code = existing["code"]!.GetValue<string>();
        var before = await SnapshotAsync(video.Id);

        var (method, url) = @case.Target switch
        {
            Target.V1Create => ("POST", V1Tokens(org, video.Id)),
            Target.V1Put => ("PUT", V1Tokens(org, video.Id) + code + "/"),
            Target.V1Patch => ("PATCH", V1Tokens(org, video.Id) + code + "/"),
            Target.AdminCreate => ("POST", AdminTokens(video.Id)),
            Target.AdminPatch => ("PATCH", AdminTokens(video.Id) + code + "/"),
            Target.V1List => ("GET", V1Tokens(org, video.Id)),
            Target.AdminList => ("GET", AdminTokens(video.Id)),
            _ => ("GET", $"/api/v1/{org}/assets/"),
        };
        var content = @case.Body is null ? null : Raw(@case.Body, @case.ContentType);
        var response = await SendAsync(client, method, url + @case.Query, content);

        var body = await ExpectAsync(response, (HttpStatusCode)@case.Status);
        Assert.Contains(@case.Field, Keys(body));
        Assert.All(body, field => Assert.False(string.IsNullOrWhiteSpace(field.Value!.ToJsonString().Trim('"', '[', ']'))));
        Assert.Equal(before, await SnapshotAsync(video.Id));
    }

    /// <summary>Everything a write could have touched: the video's tokens, their rows and their history.</summary>
    private async Task<string> SnapshotAsync(string videoId)
    {
        await using var db = await factory.DbAsync();
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.VideoId == videoId).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Code, t.ValidUntil, t.ExpiresAfterFirstUsage, t.RevokedAt, t.Annotations, t.ModifiedAt, t.UseCount })
            .ToListAsync();
        var ids = tokens.Select(t => t.Id).ToList();
        var events = await db.TokenEvents.CountAsync(e => ids.Contains(e.AccessTokenId));
        return JsonSerializer.Serialize(new { tokens, events });
    }
}
