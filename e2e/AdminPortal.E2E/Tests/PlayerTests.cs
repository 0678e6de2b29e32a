using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class PlayerTests(BrowserFixture browser)
{
    /// <summary>A tiny VP9 WebM, for uploads.</summary>
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

    /// <summary>A seeded sample: 12 s of encrypted HLS in 360p and 240p.</summary>
    private async Task<string> SampleVideoAsync(string title = "Product demo")
    {
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        return await db.Videos.Where(v => v.Title == title).Select(v => v.Id).SingleAsync();
    }

    private async Task<string> PlaybackUrlAsync(Actor admin, string videoId, TokenChanges changes, string parameters = "")
    {
        var token = await browser.Portal.Service<TokenService>().CreateAsync(admin, videoId, changes);
        Assert.True(token.IsOk, token.Message);
        return PlaybackUrls.Embed(browser.Portal.BaseUrl, admin.OrganizationCode, videoId, token.Value!.Code) + parameters;
    }

    [Fact]
    public async Task Player_in_a_cross_origin_iframe_streams_hls_under_its_watermark_switches_quality_and_a_single_use_link_plays_once()
    {
        var admin = await AdminAsync();
        var url = await PlaybackUrlAsync(admin, await SampleVideoAsync(), new TokenChanges
        {
            ExpiresAfterFirstUsage = true,
            Annotations = new List<AnnotationInput>
            {
                new() { Text = "Licensed to {ip} on {date}", Color = "#FFEB3B", Opacity = 0.9m, Size = 26, X = 24, Y = 24 },
            },
        }, "&muted=1&loop=1");
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        Assert.NotEqual(new Uri(site.BaseUrl).GetLeftPart(UriPartial.Authority), new Uri(browser.Portal.BaseUrl).GetLeftPart(UriPartial.Authority));
        await using var session = await browser.NewSessionAsync();
        await using var secondTab = await browser.NewSessionAsync();
        var player = new PlayerFrame(session.Page);
        var other = new PlayerFrame(secondTab.Page);

        // Two pages load the same single-use link; loading spends nothing, so both show the play button.
        await session.Page.GotoAsync(site.PageFor(url));
        await secondTab.Page.GotoAsync(site.PageFor(url));
        await Assertions.Expect(player.StartButton).ToBeVisibleAsync();
        await Assertions.Expect(other.StartButton).ToBeVisibleAsync();
        await session.ScreenshotAsync("player-before-play");

        await player.StartButton.ClickAsync();

        await player.WaitUntilPlayingAsync();
        await Assertions.Expect(player.StaticWatermark).ToBeVisibleAsync();
        await Assertions.Expect(player.StaticWatermark).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Licensed to [0-9a-f.:]+ on \d{4}-\d{2}-\d{2}$"));
        // The text sits on the video, 24 px from its top-left corner, above it.
        var frameBox = (await player.Frame.BoundingBoxAsync())!;
        var markBox = (await player.StaticWatermark.BoundingBoxAsync())!;
        Assert.InRange(markBox.X - frameBox.X, 23, 25);
        Assert.InRange(markBox.Y - frameBox.Y, 23, 25);
        Assert.Equal("rgb(255, 235, 59)", await player.StaticWatermark.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.True(await player.Frame.EvaluateAsync<bool>(
            "f => f.querySelector('video').compareDocumentPosition(f.querySelector('.ap-watermark-layer')) & Node.DOCUMENT_POSITION_FOLLOWING"),
            "The watermark layer is drawn after (over) the video.");
        // The stream is hls.js on a MediaSource: no file URL on the element.
        Assert.StartsWith("blob:", await player.Video.EvaluateAsync<string>("v => v.currentSrc"));
        var playedTo = await player.CurrentTimeAsync();
        await session.Page.WaitForTimeoutAsync(700);
        Assert.True(await player.CurrentTimeAsync() > playedTo, "The video should keep playing.");

        // Quality: Auto plus each rendition; choosing 240p switches the picture.
        await player.Frame.HoverAsync();
        await Assertions.Expect(player.QualityMenu).ToBeVisibleAsync();
        Assert.Equal(["Auto", "360p", "240p"], await player.QualityMenu.Locator("option").AllTextContentsAsync());
        await player.QualityMenu.SelectOptionAsync(new SelectOptionValue { Label = "240p" });
        var content = (await (await player.Video.ElementHandleAsync()).OwnerFrameAsync())!;
        await content.WaitForFunctionAsync("() => document.querySelector('video').videoHeight === 240", null, new() { Timeout = 20_000 });
        await player.QualityMenu.SelectOptionAsync(new SelectOptionValue { Label = "360p" });
        await content.WaitForFunctionAsync("() => document.querySelector('video').videoHeight === 360", null, new() { Timeout = 20_000 });
        await player.Frame.HoverAsync();
        await session.Page.WaitForTimeoutAsync(300); // the toolbar fades in
        await session.ScreenshotAsync("player-playing-hls");

        // The other page presses play too: the link is spent, and its player says so.
        await other.StartButton.ClickAsync();
        await Assertions.Expect(other.Notice).ToHaveTextAsync("This link has already been used.");
        await secondTab.ScreenshotAsync("player-second-play-refused");

        // A new page load after the spend is the 403 page.
        await secondTab.Page.ReloadAsync();
        await Assertions.Expect(other.Error).ToContainTextAsync("This link has already been used.");
        await Assertions.Expect(other.Video).ToHaveCountAsync(0);
        await secondTab.ScreenshotAsync("player-single-use-refused");
        session.AssertNoConsoleErrors();
        // The refused session start and the refused reload are the only errors the second tab may report.
        Assert.All(secondTab.ConsoleErrors, error => Assert.Contains("status of 403", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dynamic_watermark_moves_and_the_speed_menu_changes_the_rate()
    {
        var admin = await AdminAsync();
        var url = await PlaybackUrlAsync(admin, await SampleVideoAsync("Welcome tour"), new TokenChanges
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

    [Fact]
    public async Task Revoking_the_token_stops_a_playing_embed_within_30_seconds_and_says_why()
    {
        var admin = await AdminAsync();
        var videoId = await SampleVideoAsync("Lecture 01: Introduction");
        var url = await PlaybackUrlAsync(admin, videoId, new TokenChanges(), "&autoplay=1&muted=1&loop=1");
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var session = await browser.NewSessionAsync();
        var player = new PlayerFrame(session.Page);
        await session.Page.GotoAsync(site.PageFor(url));
        await player.WaitUntilPlayingAsync();

        var code = url.Split("access_token=")[1].Split('&')[0];
        await using var staff = await browser.NewSessionAsync();
        await new LoginPage(staff.Page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await staff.Page.WaitForURLAsync("**/videos");
        var videoPage = new VideoPage(staff.Page);
        await videoPage.OpenFromLibraryAsync("Lecture 01: Introduction");
        await Assertions.Expect(videoPage.WatchingNow).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        await videoPage.RevokeAsync(code);

        await Assertions.Expect(player.Notice).ToHaveTextAsync("This link was revoked.", new() { Timeout = 30_000 });
        await Assertions.Expect(videoPage.WatchingNow).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        Assert.True(await player.Video.EvaluateAsync<bool>("v => v.paused"));
        var stoppedAt = await player.CurrentTimeAsync();
        await session.Page.WaitForTimeoutAsync(1000);
        Assert.Equal(stoppedAt, await player.CurrentTimeAsync());
        await session.ScreenshotAsync("player-revoked");
        // The refused heartbeat is the only error the browser may report.
        Assert.All(session.ConsoleErrors, error => Assert.Contains("status of 403", error, StringComparison.Ordinal));
    }
}
