using System.Text.RegularExpressions;

namespace AdminPortal.E2E.Pages;

/// <summary>A video's page: the player, the playbacks chart and the token grid.</summary>
public sealed class VideoPage(IPage page)
{
    public ILocator Heading => page.Locator("[data-testid=video-heading]");
    public ILocator Player => page.Locator("[data-testid=video-player]");
    public ILocator Grid => page.Locator("[data-testid=token-grid]");
    public ILocator Rows => Grid.Locator("tbody tr.mud-table-row");

    /// <summary>Opens a video from the library by clicking its title, as staff do.</summary>
    public async Task OpenFromLibraryAsync(string title)
    {
        await page.GotoAsync("/videos");
        await new Shell(page).WaitForInteractiveAsync();
        await page.Locator("[data-testid=video-title]", new() { HasText = title }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/videos/[A-Za-z0-9_-]{16}$"));
        await Heading.WaitForAsync();
    }

    public async Task NewTokenAsync()
    {
        await page.Locator("[data-testid=token-new]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/tokens/new$"));
        await page.Locator("[data-testid=editor-heading]").WaitForAsync();
    }

    public async Task FilterAsync(string name) =>
        await page.Locator("[data-testid=token-filter]").GetByText(name, new() { Exact = true }).ClickAsync();

    public static ILocator StatusOf(ILocator row) => row.Locator("[data-testid=token-status]");

    public static ILocator UsesOf(ILocator row) => row.Locator("[data-testid=token-uses]");

    /// <summary>"Watching now": the live count of playing viewers, refreshed without a reload.</summary>
    public ILocator WatchingNow => page.Locator("[data-testid=watching-now-count]");

    /// <summary>Revokes one token from its row's menu and confirms, as staff do.</summary>
    public async Task RevokeAsync(string code)
    {
        await RowOf(code).Locator("[data-testid=token-menu]").ClickAsync();
        await page.Locator("[data-testid=token-revoke]").ClickAsync();
        await page.Locator(".mud-dialog [data-testid=confirm]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }

    /// <summary>The grid row of a token, found by the first eight characters of its code.</summary>
    public ILocator RowOf(string code) => Rows.Filter(new() { Has = page.Locator("[data-testid=token-code]", new() { HasText = code[..8] }) });
}
