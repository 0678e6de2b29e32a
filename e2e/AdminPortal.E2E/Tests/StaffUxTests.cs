using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;

namespace AdminPortal.E2E.Tests;

/// <summary>Issue 16's screens in a real browser: sharing after Create, anchored marks, real token states, API onboarding.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffUxTests(BrowserFixture browser)
{
    [Fact]
    public async Task Try_it_is_a_marked_staff_preview_that_leaves_a_single_use_link_unspent()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        var videoPage = new VideoPage(page);
        await videoPage.OpenFromLibraryAsync("Welcome tour");
        await videoPage.NewTokenAsync();
        var editor = new TokenEditorPage(page);
        await editor.SetSingleUseAsync();
        var code = await editor.SaveAsync();

        var player = await editor.TryItAsync();
        await Assertions.Expect(player.Locator("[data-testid=player-staff-preview]")).ToHaveTextAsync("Staff preview: not counted as a use");
        await player.Locator("[data-testid=player-start]").ClickAsync();
        await Assertions.Expect(player.Locator("[data-testid=player-notice]")).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(1500);

        await editor.BackToVideoAsync();
        var row = videoPage.RowOf(code);
        await Assertions.Expect(VideoPage.StatusOf(row)).ToHaveTextAsync("Active");
        await Assertions.Expect(VideoPage.UsesOf(row)).ToHaveTextAsync("0");
        session.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1280, false)]
    [InlineData(1280, true)]
    [InlineData(390, false)]
    [InlineData(390, true)]
    public async Task Screenshots_of_sharing_states_history_api_keys_and_settings(int width, bool dark)
    {
        var theme = dark ? "dark" : "light";
        await using var session = await browser.NewSessionAsync(width, 900, darkScheme: dark);
        var page = session.Page;
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.WaitForURLAsync("**/videos");
        await shell.WaitForInteractiveAsync();
        if (await shell.IsDarkAsync() != dark)
        {
            await shell.SwitchThemeAsync();
        }
        try
        {
            var videoPage = new VideoPage(page);
            await videoPage.OpenFromLibraryAsync("Lecture 01");
            await Assertions.Expect(videoPage.AssetId).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{16}$"));
            await videoPage.NewTokenAsync();
            var editor = new TokenEditorPage(page);
            var mark = await editor.AddAnnotationAsync("static", "{ip}Licensed");
            await editor.InsertPlaceholderAsync(mark, 4, "{date}");
            await Assertions.Expect(editor.AnnotationText(mark)).ToHaveValueAsync("{ip} {date} Licensed");
            await editor.SetAnchorAsync(mark, "Bottom-right corner");
            await editor.SetStaticPositionAsync(mark, 12, 12);
            await editor.ChoosePreviewSizeAsync("Phone");
            await Assertions.Expect(editor.PreviewFrame).ToHaveCSSAsync("height", "203px");
            // The bottom-right mark stays inside the phone-sized frame.
            await page.WaitForTimeoutAsync(500);
            var frame = (await editor.PreviewFrame.BoundingBoxAsync())!;
            var text = (await editor.PreviewTexts.First.BoundingBoxAsync())!;
            Assert.True(text.X + text.Width <= frame.X + frame.Width + 1 && text.Y + text.Height <= frame.Y + frame.Height + 1, "The anchored mark left the frame.");
            // The viewport only: a full-page shot resizes the window, and the renders that follow can swallow the next click.
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"ux-editor-anchor-{width}-{theme}.png") });
            await page.WaitForTimeoutAsync(1000);
            string first;
            try
            {
                first = await editor.SaveAsync();
            }
            catch (PlaywrightException e)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"ux-failed-save-{width}-{theme}.png") });
                throw new InvalidOperationException("Create did not reach the token page. Browser console: " + string.Join(" | ", session.ConsoleErrors), e);
            }

            await Assertions.Expect(editor.Created).ToBeInViewportAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"ux-created-{width}-{theme}.png") });
            await editor.CreateAnotherLikeThisAsync();
            await Assertions.Expect(editor.AnnotationText(0)).ToHaveValueAsync("{ip} {date} Licensed");
            var second = await editor.SaveAsync();

            await editor.BackToVideoAsync();
            await videoPage.RevokeAsync(second);
            await Assertions.Expect(VideoPage.StatusOf(videoPage.RowOf(second))).ToHaveTextAsync("Revoked");
            await Assertions.Expect(VideoPage.EndedOf(videoPage.RowOf(second))).ToContainTextAsync("revoked");
            await Assertions.Expect(VideoPage.StatusOf(videoPage.RowOf(first))).ToHaveTextAsync("Active");
            await session.ScreenshotAsync($"ux-token-grid-{width}-{theme}");
            var details = await videoPage.DetailsAsync(second);
            await details.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"ux-token-history-{width}-{theme}.png") });
            await page.Keyboard.PressAsync("Escape");

            await page.GotoAsync("/api-keys");
            await shell.WaitForInteractiveAsync();
            var keys = new ApiKeysPage(page);
            await Assertions.Expect(keys.OrganizationCode).ToHaveTextAsync("demo");
            var key = await keys.CreateAsync($"Backend {width} {theme}");
            await Assertions.Expect(keys.Curl).ToContainTextAsync($"-H \"Authorization: Token {key}\"");
            await session.ScreenshotAsync($"ux-api-key-created-{width}-{theme}");
            await keys.CloseDialogAsync();
            await keys.RevokeFirstAsync();
            await session.ScreenshotAsync($"ux-api-keys-{width}-{theme}");

            await page.GotoAsync("/settings");
            await shell.WaitForInteractiveAsync();
            var settings = new SettingsPage(page);
            await settings.TestPageAsync("https://school.example.com/course");
            await Assertions.Expect(settings.TestResult).ToContainTextAsync("every site may embed");
            await session.ScreenshotAsync($"ux-settings-{width}-{theme}");
        }
        finally
        {
            if (await shell.IsDarkAsync())
            {
                await shell.SwitchThemeAsync();
            }
        }
        session.AssertNoConsoleErrors();
    }
}
