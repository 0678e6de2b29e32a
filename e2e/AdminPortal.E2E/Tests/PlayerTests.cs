using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class PlayerTests(BrowserFixture browser)
{
    /// <summary>A tiny VP9 WebM: Debian's Chromium has no H.264, so the MP4 samples would not play here.</summary>
    public static string WebmFixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-vp9.webm");

    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalServer.AdminEmail)
            ?? throw new InvalidOperationException("Seeded admin missing.");
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var organization = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
        return new Actor(user.Id, user.Email!, organization.Id, organization.Code, StaffRole.Admin);
    }

    /// <summary>Removes a video made for a test, so tests that count the seeded samples are not disturbed.</summary>
    private async Task DeleteAsync(Actor admin, UploadedVideo video) =>
        await browser.Portal.Service<VideoService>().DeleteAsync(admin, video.Id);

    private async Task<UploadedVideo> WebmVideoAsync(Actor admin)
    {
        var temp = browser.Portal.Service<MediaStore>().NewTempPath();
        File.Copy(WebmFixture, temp);
        var result = await browser.Portal.Service<VideoService>().AddUploadedAsync(admin, "Tiny VP9 clip", temp, null);
        Assert.True(result.IsOk, result.Message);
        return result.Value!;
    }

    private async Task<string> PlaybackUrlAsync(Actor admin, string videoId, TokenChanges changes, string parameters = "")
    {
        var token = await browser.Portal.Service<TokenService>().CreateAsync(admin, videoId, changes);
        Assert.True(token.IsOk, token.Message);
        return PlaybackUrls.Embed(browser.Portal.BaseUrl, admin.OrganizationCode, videoId, token.Value!.Code) + parameters;
    }

    [Fact]
    public async Task Player_in_a_cross_origin_iframe_plays_under_its_watermark_and_a_single_use_link_is_refused_on_reload()
    {
        var admin = await AdminAsync();
        var video = await WebmVideoAsync(admin);
        try
        {
            await SingleUseAsync(admin, video);
        }
        finally
        {
            await DeleteAsync(admin, video);
        }
    }

    private async Task SingleUseAsync(Actor admin, UploadedVideo video)
    {
        var url = await PlaybackUrlAsync(admin, video.Id, new TokenChanges
        {
            ExpiresAfterFirstUsage = true,
            Annotations = new List<AnnotationInput>
            {
                new() { Text = "Licensed to {ip} on {date}", Color = "#FFEB3B", Opacity = 0.9m, Size = 26, X = 24, Y = 24 },
            },
        }, "&autoplay=1&muted=1");
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        Assert.NotEqual(new Uri(site.BaseUrl).GetLeftPart(UriPartial.Authority), new Uri(browser.Portal.BaseUrl).GetLeftPart(UriPartial.Authority));
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        var player = new PlayerFrame(page);

        await page.GotoAsync(site.PageFor(url));

        await player.WaitUntilPlayingAsync();
        await Assertions.Expect(player.StaticWatermark).ToBeVisibleAsync();
        await Assertions.Expect(player.StaticWatermark).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Licensed to [0-9a-f.:]+ on \d{4}-\d{2}-\d{2}$"));
        // The text sits on the video, 24 px from its top-left corner.
        var frameBox = (await player.Frame.BoundingBoxAsync())!;
        var markBox = (await player.StaticWatermark.BoundingBoxAsync())!;
        Assert.InRange(markBox.X - frameBox.X, 23, 25);
        Assert.InRange(markBox.Y - frameBox.Y, 23, 25);
        Assert.Equal("rgb(255, 235, 59)", await player.StaticWatermark.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        var playedTo = await player.CurrentTimeAsync();
        await page.WaitForTimeoutAsync(700);
        Assert.True(await player.CurrentTimeAsync() > playedTo, "The video should keep playing.");
        await session.ScreenshotAsync("player-static-watermark");

        await page.ReloadAsync();

        await Assertions.Expect(player.Error).ToContainTextAsync("This link has already been used.");
        await Assertions.Expect(player.Video).ToHaveCountAsync(0);
        await session.ScreenshotAsync("player-single-use-refused");
        // The refused reload's own 403 is the only error the browser may report.
        Assert.All(session.ConsoleErrors, error => Assert.Contains("status of 403", error, StringComparison.Ordinal));
        Assert.Single(session.ConsoleErrors);
    }

    [Fact]
    public async Task Dynamic_watermark_moves_and_the_speed_menu_changes_the_rate()
    {
        var admin = await AdminAsync();
        var video = await WebmVideoAsync(admin);
        try
        {
            await DynamicAsync(admin, video);
        }
        finally
        {
            await DeleteAsync(admin, video);
        }
    }

    private async Task DynamicAsync(Actor admin, UploadedVideo video)
    {
        var url = await PlaybackUrlAsync(admin, video.Id, new TokenChanges
        {
            Annotations = new List<AnnotationInput>
            {
                new() { Type = "dynamic", Text = "{code}", Color = "#FFFFFF", Opacity = 0.8m, Size = 20, Interval = 400, Skip = 0 },
                new() { Text = "<img src=x onerror=alert(1)>", Color = "#00E5FF", Opacity = 0.9m, Size = 16, X = 10000, Y = 10000 },
            },
        }, "&autoplay=1&muted=1&loop=1&playRates=0.5,1.5,2");
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        var player = new PlayerFrame(page);

        await page.GotoAsync(site.PageFor(url));

        await player.WaitUntilPlayingAsync();
        var code = url.Split("access_token=")[1].Split('&')[0];
        await Assertions.Expect(player.DynamicWatermark).ToHaveTextAsync(code);
        await Assertions.Expect(player.DynamicWatermark).ToBeVisibleAsync();
        // Markup in a text stays text, and a position beyond the frame is pulled back inside it.
        await Assertions.Expect(player.StaticWatermark).ToHaveTextAsync("<img src=x onerror=alert(1)>");
        var frameBox = (await player.Frame.BoundingBoxAsync())!;
        var markBox = (await player.StaticWatermark.BoundingBoxAsync())!;
        Assert.True(markBox.X + markBox.Width <= frameBox.X + frameBox.Width + 1 && markBox.Y + markBox.Height <= frameBox.Y + frameBox.Height + 1,
            "Static text must stay inside the frame.");
        var positions = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            var box = (await player.DynamicWatermark.BoundingBoxAsync())!;
            positions.Add($"{box.X:0},{box.Y:0}");
            await page.WaitForTimeoutAsync(450);
        }
        Assert.True(positions.Count > 1, "The dynamic text should move.");

        await player.SpeedMenu.SelectOptionAsync("2");
        Assert.Equal(2, await player.Video.EvaluateAsync<double>("v => v.playbackRate"));
        await player.Frame.HoverAsync();
        await page.WaitForTimeoutAsync(300); // the toolbar fades in
        await session.ScreenshotAsync("player-dynamic-watermark");

        // Fullscreen takes the frame (video and watermark together), not the bare video.
        await player.FullscreenButton.ClickAsync();
        await Assertions.Expect(player.Frame).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-fullscreen"));
        Assert.Equal("frame", await player.Frame.EvaluateAsync<string>("f => document.fullscreenElement?.id ?? ''"));
        await Assertions.Expect(player.DynamicWatermark).ToBeVisibleAsync();
        await player.Frame.EvaluateAsync("() => document.exitFullscreen()");
        session.AssertNoConsoleErrors();
    }
}
