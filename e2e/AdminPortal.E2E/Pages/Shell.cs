using System.Text.RegularExpressions;

namespace AdminPortal.E2E.Pages;

/// <summary>The app bar and navigation drawer around every portal page.</summary>
public sealed class Shell(IPage page)
{
    /// <summary>Waits until Blazor's circuit is up, so clicks reach .NET handlers.</summary>
    public async Task WaitForInteractiveAsync()
    {
        await page.Locator("[data-interactive=yes]").WaitForAsync();
    }

    public async Task OpenNavAsync(string name, string? path = null)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/" + (path ?? name.ToLowerInvariant()) + "$"));
    }

    public async Task ToggleThemeAsync() => await page.ClickAsync("[data-testid=theme-toggle]");

    public ILocator SignedInUser => page.Locator("[data-testid=signed-in-user]");
}
