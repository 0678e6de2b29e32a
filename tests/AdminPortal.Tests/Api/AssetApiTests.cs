using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

public sealed class AssetApiTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Assets_list_newest_first_with_limit_offset_links_and_the_exact_shape()
    {
        var org = NewOrg();
        var videos = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            videos.Add((await factory.VideoAsync(org, $"Lesson {i}")).Id);
        }
        await using (var db = await factory.DbAsync())
        {
            await db.Videos.Where(v => v.Id == videos[2]).ExecuteUpdateAsync(s => s.SetProperty(v => v.ThumbnailFile, videos[2] + ".jpg"));
        }
        videos.Reverse();
        var (_, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);

        var first = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/?limit=2"), HttpStatusCode.OK);
        var second = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets?limit=2&offset=2"), HttpStatusCode.OK);
        var all = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);

        Assert.Equal(["count", "next", "previous", "results"], Keys(first));
        Assert.Equal(3, first["count"]!.GetValue<int>());
        Assert.Equal($"http://localhost/api/v1/{org}/assets/?limit=2&offset=2", first["next"]!.GetValue<string>());
        Assert.Null(first["previous"]);
        Assert.Equal(videos[..2], first["results"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Null(second["next"]);
        Assert.Equal($"http://localhost/api/v1/{org}/assets/?limit=2", second["previous"]!.GetValue<string>());
        Assert.Null(all["next"]);

        var newest = first["results"]![0]!.AsObject();
        Assert.Equal(["id", "title", "type", "bytes", "created", "video"], Keys(newest));
        Assert.Equal("Lesson 2", newest["title"]!.GetValue<string>());
        Assert.Equal("video", newest["type"]!.GetValue<string>());
        Assert.True(newest["bytes"]!.GetValue<long>() > 0);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", newest["created"]!.GetValue<string>());
        var video = newest["video"]!.AsObject();
        Assert.Equal(["status", "duration", "preview_thumbnail_url", "cover_thumbnail_url"], Keys(video));
        Assert.Equal("Completed", video["status"]!.GetValue<string>());
        Assert.Equal(12, video["duration"]!.GetValue<int>());
        Assert.Equal($"http://localhost/thumbnails/{videos[0]}", video["preview_thumbnail_url"]!.GetValue<string>());
        Assert.Equal($"http://localhost/thumbnails/{videos[0]}", video["cover_thumbnail_url"]!.GetValue<string>());
        Assert.Null(first["results"]![1]!["video"]!["preview_thumbnail_url"]);
    }

    [Fact]
    public async Task One_asset_reads_the_same_as_in_the_list()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org, "Only");
        var (_, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);

        var list = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);
        var one = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/{video.Id}/"), HttpStatusCode.OK);
        var noSlash = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/{video.Id}"), HttpStatusCode.OK);
        var missing = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/AAAAAAAAAAAAAAAA/"), HttpStatusCode.NotFound);

        Assert.Equal(list["results"]![0]!.ToJsonString(), one.ToJsonString());
        Assert.Equal(one.ToJsonString(), noSlash.ToJsonString());
        Assert.Equal("{\"detail\":\"Not found.\"}", missing.ToJsonString());
    }

    [Fact]
    public async Task A_huge_offset_answers_an_empty_page_not_an_overflow()
    {
        var org = NewOrg();
        await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);

        var body = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/?limit=100&offset={int.MaxValue}"), HttpStatusCode.OK);

        Assert.Equal(1, body["count"]!.GetValue<int>());
        Assert.Empty(body["results"]!.AsArray());
        Assert.Null(body["next"]);
        Assert.Equal($"http://localhost/api/v1/{org}/assets/?limit=100&offset={int.MaxValue - 100}", body["previous"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_api_paths_answer_json_404_and_wrong_methods_405_never_a_redirect()
    {
        var org = NewOrg();
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var unknown = await client.GetAsync("/api/v1/nothing/here/");
        var anonymous = await Anonymous(factory).GetAsync("/api/nope");
        var wrongMethod = await client.PostAsync($"/api/v1/{org}/assets/", null);

        foreach (var response in new[] { unknown, anonymous })
        {
            var body = await ExpectAsync(response, HttpStatusCode.NotFound);
            Assert.Equal("Not found.", body["detail"]!.GetValue<string>());
        }
        await ExpectAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET"], wrongMethod.Content.Headers.Allow);
    }
}
