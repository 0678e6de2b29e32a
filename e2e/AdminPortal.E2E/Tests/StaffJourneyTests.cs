using System.Text.RegularExpressions;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class StaffJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Staff_create_a_single_use_watermarked_token_and_embed_it_on_another_site()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");

        var videoPage = new VideoPage(page);
        await videoPage.OpenFromLibraryAsync("Product demo");
        await Assertions.Expect(videoPage.Player).ToHaveJSPropertyAsync("readyState", 4, new() { Timeout = 15_000 });
        await videoPage.NewTokenAsync();

        // A single-use token with one static and one dynamic text, both seen in the live preview.
        var editor = new TokenEditorPage(page);
        await editor.SetSingleUseAsync();
        var staticIndex = await editor.AddAnnotationAsync("static", "Licensed to Acme");
        await editor.SetStaticPositionAsync(staticIndex, 40, 30);
        await editor.AddAnnotationAsync("dynamic", "Viewer {ip}");
        await Assertions.Expect(editor.PreviewTexts).ToHaveCountAsync(2);
        await Assertions.Expect(editor.PreviewTexts.Nth(0)).ToHaveTextAsync("Licensed to Acme");
        await Assertions.Expect(editor.PreviewTexts.Nth(0)).ToHaveCSSAsync("left", "40px");
        await Assertions.Expect(editor.PreviewTexts.Nth(1)).ToHaveTextAsync("Viewer 203.0.113.7");
        await Assertions.Expect(editor.PreviewTexts.Nth(1)).ToBeVisibleAsync();

        var code = await editor.SaveAsync();
        await Assertions.Expect(editor.PlaybackUrl).ToHaveValueAsync(new Regex($"/embed/demo/[A-Za-z0-9_-]{{16}}/\\?access_token={code}$"));

        // Copy the default snippet through the clipboard, as a user pastes it into their site.
        await editor.CopyEmbedCodeAsync();
        await Assertions.Expect(new Shell(page).Message("Embed code copied to the clipboard.")).ToBeVisibleAsync();
        var snippet = await editor.ClipboardAsync();
        Assert.StartsWith("<div style=\"padding-top:56.25%;position:relative;\"><iframe src=\"", snippet);
        Assert.Contains($"access_token={code}", snippet);
        Assert.Equal(await editor.EmbedCode.InputValueAsync(), snippet);
        session.AssertNoConsoleErrors();

        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl, snippet);
        var customer = await session.Context.NewPageAsync();
        await customer.GotoAsync(site.PastedPage);
        var player = customer.FrameLocator("iframe");
        await player.Locator("video").WaitForAsync();
        // The default snippet has no autoplay: press play as a viewer would (that starts the session), then see time advance.
        await player.Locator("[data-testid=player-start]").ClickAsync();
        var embed = customer.Frames.Single(f => f.Url.Contains("/embed/", StringComparison.Ordinal));
        await embed.WaitForFunctionAsync("() => document.querySelector('video')?.currentTime > 0.2", null, new() { Timeout = 15_000 });
        await Assertions.Expect(player.Locator("[data-watermark-index]", new() { HasText = "Licensed to Acme" })).ToBeVisibleAsync();
        await Assertions.Expect(player.Locator("[data-watermark-index]", new() { HasText = "Viewer " })).ToHaveCountAsync(1);

        // The token was single use: a reload is refused (quoting the code's start for support), and the grid lists it as
        // Used with one use and one refusal, which its history explains in plain words.
        await customer.ReloadAsync();
        await Assertions.Expect(player.Locator("video")).ToHaveCountAsync(0);
        await Assertions.Expect(player.Locator("body")).ToContainTextAsync(new Regex("(expired|used|no longer)", RegexOptions.IgnoreCase));
        await Assertions.Expect(player.Locator("body")).ToContainTextAsync($"Link code: {code[..8]}");

        await page.GotoAsync(page.Url[..page.Url.IndexOf("/tokens/", StringComparison.Ordinal)]);
        await new Shell(page).WaitForInteractiveAsync();
        await videoPage.FilterAsync("Used");
        var row = videoPage.RowOf(code);
        await Assertions.Expect(VideoPage.StatusOf(row)).ToHaveTextAsync("Used");
        await Assertions.Expect(VideoPage.UsesOf(row)).ToHaveTextAsync("1");
        await Assertions.Expect(VideoPage.RefusedOf(row)).ToHaveTextAsync("1 refused");
        await Assertions.Expect(VideoPage.EndedOf(row)).ToContainTextAsync("played once (single use)");
        await videoPage.DetailsAsync(code);
        await Assertions.Expect(videoPage.RefusedHistory).ToContainTextAsync("Refused: the single-use link had already been played");
    }
}
