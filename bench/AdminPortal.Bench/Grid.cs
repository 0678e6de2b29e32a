using System.Diagnostics;

namespace AdminPortal.Bench;

/// <summary>What the token grid took in Chromium: opening the video's page until rows show, and one page forward.</summary>
public sealed record GridResult(double RowsVisibleMs, double NextPageMs, int Rows);

/// <summary>Debian's Chromium through Playwright, signed in as the bench's Admin, over the video with the big token list.</summary>
public static class Grid
{
    private const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<GridResult> MeasureAsync(Portal portal, string videoId)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await SignedInPageAsync(browser, portal);

        var rows = page.Locator("[data-testid=token-grid] tbody tr.mud-table-row");
        var firstCode = rows.First.Locator("[data-testid=token-code]");
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"/videos/{videoId}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await firstCode.WaitForAsync();
        var rowsVisible = watch.Elapsed.TotalMilliseconds;

        // Paging works once the interactive circuit answers: the next page's first code differs.
        var before = await firstCode.GetAttributeAsync("title");
        var next = page.Locator("[data-testid=token-grid] button[aria-label='Next page']");
        watch.Restart();
        await next.ClickAsync();
        await page.WaitForFunctionAsync(
            "before => { const c = document.querySelector('[data-testid=token-grid] tbody tr.mud-table-row [data-testid=token-code]'); return c && c.getAttribute('title') !== before; }",
            before);
        var nextPage = watch.Elapsed.TotalMilliseconds;
        return new GridResult(rowsVisible, nextPage, await rows.CountAsync());
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A page signed in as the bench's Admin, its circuit warmed once, as a returning staff member's browser would be.</summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Portal portal)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", Portal.AdminEmail);
        await page.FillAsync("#Input\\.Password", portal.AdminPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await page.GotoAsync("/videos");
        await page.Locator("[data-testid=video-title]").First.WaitForAsync();
        return page;
    }
}
