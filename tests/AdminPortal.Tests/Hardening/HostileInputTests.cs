using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Hardening;

/// <summary>Inputs crafted to break the server: each gets a clear 4xx or a rejection, never a 500 or a crash.</summary>
public sealed class HostileInputTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static ByteArrayContent InvalidUtf8Json()
    {
        // {"a\xFF": 1} — a lone 0xFF byte inside a property name.
        var bytes = Encoding.ASCII.GetBytes("{\"a\u0001\": 1}");
        bytes[3] = 0xFF;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Fact]
    public async Task Invalid_utf8_in_a_json_body_is_a_400_on_login_and_token_create()
    {
        var org = ApiKit.NewOrg();
        var (_, client) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);

        var login = await ApiKit.Anonymous(factory).PostAsync("/api/auth/login/", InvalidUtf8Json());
        var create = await client.PostAsync($"/api/v1/{org}/assets/{video.Id}/access_tokens/", InvalidUtf8Json());

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("UTF-8", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.VideoId == video.Id));
    }

    [Theory]
    [InlineData("/x")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task Sign_out_never_redirects_off_site_nor_fails(string returnUrl)
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/Login");

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // A path on this site: never scheme-relative ("//host") nor "/\host", which browsers treat as another host.
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
    }

    [Fact]
    public void A_forged_mp4_with_deeply_nested_boxes_is_rejected_without_exhausting_the_stack()
    {
        // ftyp, then a moov holding 20,000 nested trak boxes.
        const int depth = 20_000;
        var moov = new byte[8 + depth * 8];
        BinaryPrimitives.WriteUInt32BigEndian(moov, (uint)moov.Length);
        "moov"u8.CopyTo(moov.AsSpan(4));
        for (var i = 0; i < depth; i++)
        {
            var at = 8 + i * 8;
            BinaryPrimitives.WriteUInt32BigEndian(moov.AsSpan(at), (uint)(moov.Length - at));
            "trak"u8.CopyTo(moov.AsSpan(at + 4));
        }
        var path = WriteFile([.. Ftyp(), .. moov, .. Box("mdat", 16)]);

        var result = VideoProbe.Probe(path);

        Assert.False(result.IsValid);
        File.Delete(path);
    }

    [Fact]
    public void A_forged_mp4_box_size_near_the_64_bit_limit_is_rejected()
    {
        var large = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(large, 1);
        "mdat"u8.CopyTo(large.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(large.AsSpan(8), ulong.MaxValue - 4);
        var path = WriteFile([.. Ftyp(), .. large]);

        var result = VideoProbe.Probe(path);

        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
        File.Delete(path);
    }

    [Fact]
    public async Task A_staff_member_holds_exactly_one_role_after_role_changes()
    {
        var admin = await factory.AdminAsync();
        var member = await factory.StaffAsync(StaffRole.Viewer);
        var staff = factory.Service<StaffService>();

        await staff.ChangeRoleAsync(admin, member.UserId, StaffRole.Editor);
        await staff.ChangeRoleAsync(admin, member.UserId, StaffRole.Admin);

        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.UserRoles.CountAsync(r => r.UserId == member.UserId));
    }

    [Fact]
    public void An_mp4_claiming_more_than_a_day_is_rejected_so_no_signature_lives_for_years()
    {
        // mvhd version 0: timescale 1, duration 10 days; one avc1 sample entry; an mdat.
        var mvhd = Box("mvhd", 100);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8 + 12), 1);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8 + 16), 10 * 24 * 3600);
        var stsd = Box("stsd", 16);
        "avc1"u8.CopyTo(stsd.AsSpan(8 + 12));
        byte[] stbl = Wrap("stbl", stsd), minf = Wrap("minf", stbl), mdia = Wrap("mdia", minf), trak = Wrap("trak", mdia);
        var path = WriteFile([.. Ftyp(), .. Wrap("moov", [.. mvhd, .. trak]), .. Box("mdat", 16)]);

        var result = VideoProbe.Probe(path);

        Assert.False(result.IsValid);
        Assert.Contains("24 hours", result.Error, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void The_same_mp4_claiming_an_hour_is_accepted()
    {
        var mvhd = Box("mvhd", 100);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8 + 12), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8 + 16), 3_600_000);
        var stsd = Box("stsd", 16);
        "avc1"u8.CopyTo(stsd.AsSpan(8 + 12));
        var trak = Wrap("trak", Wrap("mdia", Wrap("minf", Wrap("stbl", stsd))));
        var path = WriteFile([.. Ftyp(), .. Wrap("moov", [.. mvhd, .. trak]), .. Box("mdat", 16)]);

        var result = VideoProbe.Probe(path);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(3600, result.DurationSeconds);
        File.Delete(path);
    }

    [Fact]
    public void Every_routable_page_states_who_may_open_it()
    {
        // The fallback policy guards the first request only; in-circuit navigation checks the page's own attributes.
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), false).Length > 0)
            .ToList();
        Assert.NotEmpty(pages);
        var unguarded = pages.Where(t =>
            t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true).Length == 0
            && t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute), true).Length == 0);
        Assert.Empty(unguarded.Select(t => t.FullName));
    }

    private static byte[] Wrap(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    private static byte[] Ftyp() => [.. Box("ftyp", 8)];

    private static byte[] Box(string type, int bodyLength) => Wrap(type, new byte[bodyLength]);

    private static string WriteFile(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"forged-{Guid.NewGuid():N}.mp4");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
