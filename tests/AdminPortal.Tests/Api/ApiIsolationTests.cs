using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

public sealed class ApiIsolationTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Keys_of_one_organization_get_404_on_every_url_of_another()
    {
        var orgA = NewOrg();
        var orgB = NewOrg();
        var videoA = await factory.VideoAsync(orgA);
        var videoB = await factory.VideoAsync(orgB);
        var (_, a) = await StaffClientAsync(factory, StaffRole.Admin, orgA);
        var (_, b) = await StaffClientAsync(factory, StaffRole.Admin, orgB);
        var codeB = (await ExpectAsync(await b.PostAsync(V1Tokens(orgB, videoB.Id), null), HttpStatusCode.Created))["code"]!.GetValue<string>();
        var body = new JsonObject { ["time_to_live"] = 1 };

        var calls = new (string Method, string Url)[]
        {
            ("GET", $"/api/v1/{orgB}/assets/"),
            ("GET", $"/api/v1/{orgB}/assets/{videoB.Id}/"),
            // Their asset under our org code, and our asset under theirs.
            ("GET", $"/api/v1/{orgA}/assets/{videoB.Id}/"),
            ("GET", $"/api/v1/{orgB}/assets/{videoA.Id}/"),
            ("GET", V1Tokens(orgB, videoB.Id)),
            ("POST", V1Tokens(orgB, videoB.Id)),
            ("GET", V1Tokens(orgB, videoB.Id) + codeB + "/"),
            ("PUT", V1Tokens(orgB, videoB.Id) + codeB + "/"),
            ("PATCH", V1Tokens(orgB, videoB.Id) + codeB + "/"),
            ("DELETE", V1Tokens(orgB, videoB.Id) + codeB + "/"),
            ("GET", V1Tokens(orgA, videoB.Id)),
            ("POST", V1Tokens(orgA, videoB.Id)),
            ("GET", V1Tokens(orgA, videoB.Id) + codeB + "/"),
            ("PATCH", V1Tokens(orgA, videoB.Id) + codeB + "/"),
            ("DELETE", V1Tokens(orgA, videoB.Id) + codeB + "/"),
            ("GET", V1Tokens(orgA, videoA.Id) + codeB + "/"),
            ("DELETE", V1Tokens(orgA, videoA.Id) + codeB + "/"),
            ("GET", AdminTokens(videoB.Id)),
            ("POST", AdminTokens(videoB.Id)),
            ("GET", AdminTokens(videoB.Id) + codeB + "/"),
            ("PUT", AdminTokens(videoB.Id) + codeB + "/"),
            ("PATCH", AdminTokens(videoB.Id) + codeB + "/"),
            ("DELETE", AdminTokens(videoB.Id) + codeB + "/"),
            ("GET", AdminTokens(videoA.Id) + codeB + "/"),
            ("PATCH", AdminTokens(videoA.Id) + codeB + "/"),
        };
        foreach (var (method, url) in calls)
        {
            var response = await SendAsync(a, method, url, method is "GET" or "DELETE" ? null : Json(body));
            var answer = await ExpectAsync(response, HttpStatusCode.NotFound);
            Assert.True(answer.ToJsonString() == "{\"detail\":\"Not found.\"}", $"{method} {url}: {answer.ToJsonString()}");
        }

        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.AccessTokens.CountAsync(t => t.VideoId == videoB.Id));
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.VideoId == videoA.Id));
        var token = await db.AccessTokens.SingleAsync(t => t.VideoId == videoB.Id);
        Assert.Null(token.ValidUntil);
        Assert.Null(token.RevokedAt);
        var own = await ExpectAsync(await a.GetAsync($"/api/v1/{orgA}/assets/"), HttpStatusCode.OK);
        Assert.Equal([videoA.Id], own["results"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
    }
}
