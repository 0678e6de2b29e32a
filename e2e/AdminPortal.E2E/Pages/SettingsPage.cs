namespace AdminPortal.E2E.Pages;

/// <summary>The Admin settings page (/settings): where the player may be embedded.</summary>
public sealed class SettingsPage(IPage page)
{
    public ILocator Domains => page.Locator("textarea[data-testid=settings-domains], [data-testid=settings-domains] textarea");
    public ILocator Errors => page.Locator("[data-testid=settings-error]");
    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public async Task SaveAsync() => await page.Locator("[data-testid=settings-save]").ClickAsync();
}
