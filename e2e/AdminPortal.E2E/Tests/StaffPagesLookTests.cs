using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

/// <summary>Every staff page, in both themes and at desktop and phone widths: no serious accessibility problems, and screenshots to look at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffPagesLookTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task Every_staff_page_has_no_serious_accessibility_violations_in_either_theme(int width, bool dark)
    {
        await using var session = await browser.NewSessionAsync(width, 900, darkScheme: dark);
        var page = session.Page;
        var shell = new Shell(page);
        var login = new LoginPage(page);
        await page.GotoAsync("/Account/Login");
        await AssertAccessibleAsync(page, "sign-in page");
        await login.SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }

        try
        {
            await Assertions.Expect(new VideoListPage(page).Titles).Not.ToHaveCountAsync(0);
            await AssertAccessibleAsync(page, "video list");

            var videoPage = new VideoPage(page);
            await videoPage.OpenFromLibraryAsync("Welcome tour");
            await videoPage.NewTokenAsync();
            var editor = new TokenEditorPage(page);
            await editor.AddAnnotationAsync("static", "Licensed to {ip}");
            await editor.AddAnnotationAsync("dynamic", "{code}");
            await AssertAccessibleAsync(page, "new token editor");
            await editor.SaveAsync();
            await AssertAccessibleAsync(page, "token editor with snippet");

            await editor.BackToVideoAsync();
            await Assertions.Expect(videoPage.Rows).Not.ToHaveCountAsync(0);
            await AssertAccessibleAsync(page, "video page");

            foreach (var path in new[] { "staff", "api-keys", "settings" })
            {
                await page.GotoAsync("/" + path);
                await shell.WaitForInteractiveAsync();
                await shell.Heading.WaitForAsync();
                await AssertAccessibleAsync(page, path + " page");
            }
        }
        finally
        {
            if (await shell.IsDarkAsync())
            {
                // The theme is remembered per user; leave it light for the other tests.
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task Screenshots_of_video_page_token_editor_and_snippet(int width, bool dark)
    {
        await using var session = await browser.NewSessionAsync(width, 900);
        var page = session.Page;
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        var theme = dark ? "dark" : "light";
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }

        try
        {
            var videoPage = new VideoPage(page);
            await videoPage.OpenFromLibraryAsync("Lecture 01");
            await videoPage.NewTokenAsync();
            var editor = new TokenEditorPage(page);
            var first = await editor.AddAnnotationAsync("static", "© Demo Academy");
            await editor.SetStaticPositionAsync(first, 24, 24);
            await editor.AddAnnotationAsync("dynamic", "{ip} {date}");
            await Assertions.Expect(editor.PreviewTexts).ToHaveCountAsync(2);
            await session.ScreenshotAsync($"token-editor-{width}-{theme}");
            // A full-page screenshot resizes the viewport for a moment, which MudBlazor reports to the server;
            // let those renders land before clicking, or the click can race them.
            await page.WaitForTimeoutAsync(1000);
            try
            {
                await editor.SaveAsync();
            }
            catch (PlaywrightException e)
            {
                await session.ScreenshotAsync($"failed-save-{width}-{theme}");
                throw new InvalidOperationException("Save did not reach the token page. Browser console: " + string.Join(" | ", session.ConsoleErrors), e);
            }
            await AssertNoHorizontalOverflowAsync(page);
            var share = editor.Share;
            await share.ScrollIntoViewIfNeededAsync();
            await share.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"embed-snippet-{width}-{theme}.png") });

            await editor.BackToVideoAsync();
            await Assertions.Expect(videoPage.Rows).Not.ToHaveCountAsync(0);
            await AssertNoHorizontalOverflowAsync(page);
            await session.ScreenshotAsync($"video-page-{width}-{theme}");
        }
        finally
        {
            if (await shell.IsDarkAsync())
            {
                // The theme is remembered per user; leave it light for the other tests.
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task On_a_phone_the_live_preview_stays_in_view_above_the_form_while_editing()
    {
        await using var session = await browser.NewSessionAsync(390, 844);
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await new Shell(page).WaitForInteractiveAsync();
        var videoPage = new VideoPage(page);
        await videoPage.OpenFromLibraryAsync("Product demo");
        await videoPage.NewTokenAsync();
        var editor = new TokenEditorPage(page);
        await editor.AddAnnotationAsync("static", "First");
        await editor.AddAnnotationAsync("dynamic", "Second");
        var last = await editor.AddAnnotationAsync("static", "Third");

        var input = editor.AnnotationText(last);
        await input.ScrollIntoViewIfNeededAsync();
        await input.FocusAsync();
        await page.WaitForTimeoutAsync(300);

        var preview = (await editor.PreviewFrame.BoundingBoxAsync())!;
        var field = (await input.BoundingBoxAsync())!;
        await session.ScreenshotAsync("token-editor-phone-scrolled");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "token-editor-phone-viewport.png") });
        Assert.True(preview.Y >= 0 && preview.Y + preview.Height <= 844, $"The preview is out of view: y={preview.Y}, height={preview.Height}.");
        Assert.True(preview.Y + preview.Height <= field.Y, "The preview covers the field being edited.");
        Assert.InRange(preview.Height, 60, 844 / 3);
        session.AssertNoConsoleErrors();
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        // Contrast is judged on the settled page, not mid fade-in (snackbars, ripples).
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on the {what}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Impact} {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => $"{n.Html} ({n.Any?.FirstOrDefault()?.Message})"));

    /// <summary>The page itself must not scroll sideways; wide grids scroll inside their own box.</summary>
    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the window.");
    }
}
