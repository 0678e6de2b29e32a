using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Organizations;

/// <summary>The organization's logo: checked by its bytes, stored only when good, served only with a signature; the "logo" annotation.</summary>
public sealed class LogoTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public void Png_jpeg_and_webp_are_recognised_by_their_bytes_with_their_size()
    {
        Assert.Equal(new LogoImage("image/png", 120, 40), LogoImage.Inspect(TestImages.Png(120, 40)).Image);
        Assert.Equal(new LogoImage("image/jpeg", 300, 200), LogoImage.Inspect(TestImages.JpegHeader(300, 200)).Image);
        var webp = new byte[30];
        "RIFF"u8.CopyTo(webp);
        "WEBPVP8X"u8.CopyTo(webp.AsSpan(8));
        webp[24] = 99; // width - 1, little endian
        webp[27] = 49;
        Assert.Equal(new LogoImage("image/webp", 100, 50), LogoImage.Inspect(webp).Image);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "text", "not a PNG, JPEG or WebP" },
        { "svg", "SVG" },
        { "big", "512 KB" },
        { "wide", "2000 px" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_renamed_text_file_an_svg_a_3_mb_png_or_a_huge_image_is_refused_and_nothing_is_stored(string kind, string reason)
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var data = kind switch
        {
            "text" => Encoding.UTF8.GetBytes("This is logo.png, honestly.\n"),
            "svg" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            "big" => TestImages.Png(1000, 1000, noise: true),
            _ => TestImages.Png(2001, 10),
        };
        if (kind == "big")
        {
            Assert.True(data.Length > 3_000_000);
        }

        var result = await factory.Service<OrganizationLogoService>().UploadAsync(admin, data);

        Assert.Equal(Web.Common.ResultStatus.Invalid, result.Status);
        Assert.Contains(reason.Replace("2000", "2,000", StringComparison.Ordinal), result.Errors.For("logo")[0].Replace("2000", "2,000", StringComparison.Ordinal), StringComparison.Ordinal);
        await using var db = await factory.DbAsync();
        Assert.False(await db.OrganizationLogos.AnyAsync(l => l.OrganizationId == admin.OrganizationId));
    }

    [Fact]
    public async Task Only_admins_upload_and_the_image_is_served_only_with_a_valid_signature()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var logos = factory.Service<OrganizationLogoService>();
        var png = TestImages.Png(200, 80);

        Assert.Equal(Web.Common.ResultStatus.Forbidden, (await logos.UploadAsync(editor, png)).Status);
        var saved = (await logos.UploadAsync(admin, png)).Value!;
        Assert.Equal((200, 80), (saved.Width, saved.Height));

        var client = factory.Browser();
        var ok = await client.GetAsync(saved.Url);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/png", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await ok.Content.ReadAsByteArrayAsync());
        var path = saved.Url.Split('?')[0];
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(saved.Url.Replace("signature=", "signature=x", StringComparison.Ordinal))).StatusCode);
        // A signature for one organization's logo does not open another's.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(saved.Url.Replace($"/logo/{org}/", "/logo/demo/", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task Logo_annotations_go_through_the_api_and_reach_the_player_with_a_signed_url()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        await factory.Service<OrganizationLogoService>().UploadAsync(admin, TestImages.Png(100, 40));
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var created = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Raw(
            "{\"annotations\": [{\"type\": \"logo\", \"x\": 10, \"y\": 20, \"size\": 0.25, \"opacity\": \"0.40\"}, {\"type\": \"logo\", \"dynamic\": true, \"interval\": 2000, \"skip\": 500}]}")),
            HttpStatusCode.Created);
        var logo = created["annotations"]![0]!.AsObject();
        Assert.Equal(["type", "opacity", "size", "interval", "skip", "x", "y", "dynamic"], Keys(logo));
        Assert.Equal(0.25m, logo["size"]!.GetValue<decimal>());
        Assert.False(logo["dynamic"]!.GetValue<bool>());
        Assert.True(created["annotations"]![1]!["dynamic"]!.GetValue<bool>());

        var html = await factory.Browser().GetStringAsync($"/embed/{org}/{video.Id}/?access_token={created["code"]}");
        var config = JsonNode.Parse(WebUtility.HtmlDecode(html[(html.IndexOf("data-config=\"", StringComparison.Ordinal) + 13)..].Split('"')[0]))!;
        var src = config["annotations"]![0]!["src"]!.GetValue<string>();
        Assert.StartsWith($"/logo/{org}/1?expires=", src, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync(src)).StatusCode);
    }

    [Theory]
    [InlineData("{\"type\": \"logo\", \"size\": 2}", "annotations[0].size")]
    [InlineData("{\"type\": \"logo\", \"size\": 0}", "annotations[0].size")]
    [InlineData("{\"type\": \"logo\", \"size\": \"big\"}", "annotations[0].size")]
    [InlineData("{\"type\": \"logo\", \"text\": \"hi\"}", "annotations[0].text")]
    [InlineData("{\"type\": \"logo\", \"dynamic\": \"yes\"}", "annotations[0].dynamic")]
    [InlineData("{\"type\": \"logo\", \"opacity\": 3}", "annotations[0].opacity")]
    [InlineData("{\"text\": \"hi\", \"dynamic\": true}", "annotations[0].dynamic")]
    [InlineData("{\"type\": \"picture\", \"text\": \"hi\"}", "annotations[0].type")]
    public async Task Bad_logo_fields_are_400s_naming_the_field(string annotation, string field)
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var body = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Raw($"{{\"annotations\": [{annotation}]}}")), HttpStatusCode.BadRequest);

        Assert.Contains(field, Keys(body));
    }
}
