namespace AdminPortal.E2E.Pages;

/// <summary>The Admin settings page (/settings): where the player may be embedded.</summary>
public sealed class SettingsPage(IPage page)
{
    public ILocator Domains => page.Locator("textarea[data-testid=settings-domains], [data-testid=settings-domains] textarea");
    public ILocator Errors => page.Locator("[data-testid=settings-error]");
    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public ILocator TestResult => page.Locator("[data-testid=settings-test-result]");

    public async Task SaveAsync() => await page.Locator("[data-testid=settings-save]").ClickAsync();

    /// <summary>Asks the "Test a page URL" box about <paramref name="url"/>.</summary>
    public async Task TestPageAsync(string url)
    {
        await page.Locator("input[data-testid=settings-test-url], [data-testid=settings-test-url] input").FillAsync(url);
        await page.Locator("[data-testid=settings-test]").ClickAsync();
    }
}
