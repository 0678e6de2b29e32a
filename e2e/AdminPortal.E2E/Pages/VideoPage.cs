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

    public static ILocator RefusedOf(ILocator row) => row.Locator("[data-testid=token-refused]");

    public static ILocator EndedOf(ILocator row) => row.Locator("[data-testid=token-ended]");

    /// <summary>Opens a token's details (its history) from its row.</summary>
    public async Task<ILocator> DetailsAsync(string code)
    {
        await RowOf(code).Locator("[data-testid=token-details]").ClickAsync();
        var dialog = page.Locator("[data-testid=token-detail]");
        await dialog.Locator("[data-testid=token-history]").WaitForAsync();
        return dialog;
    }

    public ILocator RefusedHistory => page.Locator("[data-testid=history-refused]");

    public ILocator AssetId => page.Locator("[data-testid=asset-id]");

    /// <summary>"Watching now": the live count of playing viewers, refreshed without a reload.</summary>
    public ILocator WatchingNow => page.Locator("[data-testid=watching-now-count]");

    /// <summary>
    /// Waits until "Watching now" shows a count that satisfies <paramref name="accept"/>, and answers it. Counts are
    /// compared, not fixed: a session another test's closed browser left open holds its place for 45 s.
    /// </summary>
    public async Task<int> WaitForWatchingAsync(Func<int, bool> accept, string what)
    {
        var last = "";
        for (var waited = 0; waited < 20_000; waited += 250)
        {
            last = await WatchingNow.InnerTextAsync();
            if (int.TryParse(last, out var count) && accept(count))
            {
                return count;
            }
            await page.WaitForTimeoutAsync(250);
        }
        throw new Xunit.Sdk.XunitException($"'Watching now' never showed {what}; it shows '{last}'.");
    }

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
