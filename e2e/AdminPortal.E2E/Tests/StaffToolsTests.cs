using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using BulkTokensPage = AdminPortal.E2E.Pages.BulkTokensPage;
using TokenEditorPage = AdminPortal.E2E.Pages.TokenEditorPage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

/// <summary>Staff tools in a real browser: tokens from a CSV of viewers, their watermark, the logo, presets and "find a token".</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffToolsTests(BrowserFixture browser)
{
    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalServer.AdminEmail)
            ?? throw new InvalidOperationException("Seeded admin missing.");
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var organization = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
        return new Actor(user.Id, user.Email!, organization.Id, organization.Code, StaffRole.Admin);
    }

    private async Task<string> VideoAsync(string title)
    {
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        return await db.Videos.Where(v => v.Title == title).Select(v => v.Id).SingleAsync();
    }

    private static async Task SignInAsync(IPage page, bool dark = false)
    {
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }
    }

    [Fact]
    public async Task Fifty_viewers_from_a_csv_become_links_whose_watermark_names_each_viewer_on_another_site()
    {
        var videoId = await VideoAsync("Product demo");
        var csv = Path.Combine(Path.GetTempPath(), $"viewers-{Guid.NewGuid():N}.csv");
        // A spreadsheet's export: byte-order mark, a header, a quoted name with a comma, a blank line.
        var rows = Enumerable.Range(1, 50).Select(i => i == 3 ? "\"Doe, Ann\"" : $"student-{i:00}@school.example");
        await File.WriteAllTextAsync(csv, "viewer\r\n" + string.Join("\r\n", rows) + "\r\n\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await SignInAsync(page);

        var bulk = new BulkTokensPage(page);
        await bulk.OpenAsync(videoId);
        await bulk.ChooseCsvAsync(csv);
        await Assertions.Expect(bulk.Read).ToContainTextAsync("50 viewers.");
        var editor = new TokenEditorPage(page);
        var index = await editor.AddAnnotationAsync("static", "For {viewer}");
        await editor.SetStaticPositionAsync(index, 20, 20);
        await Assertions.Expect(bulk.Create).ToHaveTextAsync("Create 50 tokens");
        var lines = await bulk.CreateAndDownloadAsync();
        await session.ScreenshotAsync("bulk-tokens-created");

        Assert.Equal("viewer,code,playback_url,valid_until", lines[0]);
        Assert.Equal(51, lines.Length);
        Assert.StartsWith("\"Doe, Ann\",", lines[3], StringComparison.Ordinal);
        var row = lines.Single(l => l.StartsWith("student-07@school.example,", StringComparison.Ordinal)).Split(',');
        var url = row[2];
        Assert.Contains("/embed/", url, StringComparison.Ordinal);

        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var viewer = await browser.NewSessionAsync();
        var player = new PlayerFrame(viewer.Page);
        await viewer.Page.GotoAsync(site.PageFor(url + "&muted=1"));
        await player.StartButton.ClickAsync();
        await player.WaitUntilPlayingAsync();
        await Assertions.Expect(player.StaticWatermark).ToHaveTextAsync("For student-07@school.example");
        await viewer.ScreenshotAsync("player-named-viewer");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_organizations_logo_shows_in_the_player_at_its_share_of_the_frame()
    {
        var admin = await AdminAsync();
        var upload = await browser.Portal.Service<OrganizationLogoService>().UploadAsync(admin, Png(240, 80));
        Assert.True(upload.IsOk, upload.Message);
        var token = await browser.Portal.Service<TokenService>().CreateAsync(admin, await VideoAsync("Welcome tour"), new TokenChanges
        {
            Annotations = new List<AnnotationInput>
            {
                new() { Type = AnnotationTypes.Logo, X = 30, Y = 30, Width = 0.25m, Opacity = 0.8m },
                new() { Text = "{ip}", X = 30, Y = 200 },
            },
        });
        var url = PlaybackUrls.Embed(browser.Portal.BaseUrl, admin.OrganizationCode, token.Value!.VideoId, token.Value.Code) + "&muted=1";
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var session = await browser.NewSessionAsync();
        var player = new PlayerFrame(session.Page);

        await session.Page.GotoAsync(site.PageFor(url));
        await player.StartButton.ClickAsync();
        await player.WaitUntilPlayingAsync();

        var logo = player.Frame.Locator("[data-watermark-logo=true]");
        await Assertions.Expect(logo).ToBeVisibleAsync();
        Assert.Equal(240, await logo.EvaluateAsync<int>("img => img.naturalWidth"));
        var frameBox = (await player.Frame.BoundingBoxAsync())!;
        var logoBox = (await logo.BoundingBoxAsync())!;
        Assert.InRange(logoBox.Width / frameBox.Width, 0.24, 0.26);
        Assert.InRange(logoBox.X - frameBox.X, 29, 31);
        await session.ScreenshotAsync("player-logo");
        session.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task Screenshots_of_create_many_presets_find_and_logo_settings(int width, bool dark)
    {
        var admin = await AdminAsync();
        var videoId = await VideoAsync("Lecture 01: Introduction");
        var presets = browser.Portal.Service<WatermarkPresetService>();
        if ((await presets.ListAsync(admin)).Count == 0)
        {
            var saved = await presets.SaveAsync(admin, "Lecture watermark", [new() { Text = "{viewer} · {ip}", Type = "dynamic" }, new() { Text = "© Demo Academy" }]);
            await presets.SaveAsync(admin, "Exam (moving logo)", [new() { Type = AnnotationTypes.Logo, Dynamic = true, Width = 0.15m }]);
            await presets.SetDefaultAsync(admin, saved.Value!.Id);
        }
        await browser.Portal.Service<OrganizationLogoService>().UploadAsync(admin, Png(240, 80));
        if ((await browser.Portal.Service<TokenService>().FindAsync(admin, "mar")).Count == 0)
        {
            // Once for the four runs of this theory: the find dialog below lists these three.
            await browser.Portal.Service<TokenService>().CreateManyAsync(admin, videoId, new TokenChanges { TimeToLive = 86_400L },
                ["maria.garcia@school.example", "mark.jones@school.example", "marta.nowak@school.example"]);
        }
        var theme = dark ? "dark" : "light";
        var csv = Path.Combine(Path.GetTempPath(), $"viewers-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "viewer\nann@school.example\n\"\"\nANN@school.example\nbo\"b\n" + new string('x', 201) + "\n");

        await using var session = await browser.NewSessionAsync(width, 900, darkScheme: dark);
        var page = session.Page;
        var shell = new Shell(page);
        await SignInAsync(page, dark);
        try
        {
            var bulk = new BulkTokensPage(page);
            await bulk.OpenAsync(videoId);
            await bulk.ChooseCsvAsync(csv);
            await Assertions.Expect(bulk.Problems).ToHaveCountAsync(4);
            await Assertions.Expect(bulk.Create).ToBeDisabledAsync();
            await session.ScreenshotAsync($"bulk-tokens-{width}-{theme}");

            await page.GotoAsync("/watermarks");
            await shell.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=preset]")).ToHaveCountAsync(2);
            await session.ScreenshotAsync($"watermark-presets-{width}-{theme}");

            await page.GotoAsync("/settings");
            await shell.WaitForInteractiveAsync();
            await page.Locator("[data-testid=settings-logo-image]").ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(page.Locator("[data-testid=settings-logo-image]")).ToBeVisibleAsync();
            await session.ScreenshotAsync($"settings-logo-{width}-{theme}");

            await page.GotoAsync($"/videos/{videoId}");
            await shell.WaitForInteractiveAsync();
            if (width < 600)
            {
                await page.Locator("[data-testid=token-finder-open]").ClickAsync();
                await page.Locator("[data-testid=find-token-term] input, input[data-testid=find-token-term]").First.FillAsync("mar");
                await page.Locator("[data-testid=find-token-term] input, input[data-testid=find-token-term]").First.PressAsync("Enter");
            }
            else
            {
                var finder = page.Locator("[data-testid=token-finder] input, input[data-testid=token-finder]").First;
                await finder.FillAsync("mar");
                await finder.PressAsync("Enter");
            }
            await Assertions.Expect(page.Locator("[data-testid=find-token-result]")).ToHaveCountAsync(3);
            await session.ScreenshotAsync($"find-token-{width}-{theme}");
            await page.Locator("[data-testid=find-token-result]").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=token-detail-viewer]")).ToHaveTextAsync("maria.garcia@school.example");
            await session.ScreenshotAsync($"find-token-details-{width}-{theme}");
        }
        finally
        {
            if (await shell.IsDarkAsync())
            {
                // Leave the remembered theme light for the other tests; a fresh page has no dialog over the toggle.
                await page.GotoAsync("/videos");
                await shell.WaitForInteractiveAsync();
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }

    /// <summary>A plain red PNG, as an Admin would upload.</summary>
    private static byte[] Png(int width, int height)
    {
        var stride = width * 3 + 1;
        var raw = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Red, with a white band through the middle, so the logo is easy to tell apart from the video.
                var white = y > height / 3 && y < height * 2 / 3;
                raw[y * stride + 1 + x * 3] = 0xE5;
                raw[y * stride + 2 + x * 3] = white ? (byte)0xFF : (byte)0x39;
                raw[y * stride + 3 + x * 3] = white ? (byte)0xFF : (byte)0x35;
            }
        }
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in new[] { ("IHDR", header), ("IDAT", idat.ToArray()), ("IEND", Array.Empty<byte>()) })
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typed);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.Write(crc);
        }
        return png.ToArray();
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
