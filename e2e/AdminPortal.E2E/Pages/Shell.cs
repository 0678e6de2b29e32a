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

    public async Task OpenNavAsync(string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/" + name.ToLowerInvariant()));
    }

    public async Task ToggleThemeAsync() => await page.ClickAsync("[data-testid=theme-toggle]");

    /// <summary>Whether MudBlazor's dark palette is in force (its background variable is not the light one).</summary>
    public async Task<bool> IsDarkAsync() =>
        !(await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')"))
            .Trim().StartsWith("#f5f6fa", StringComparison.OrdinalIgnoreCase);

    public ILocator SignedInUser => page.Locator("[data-testid=signed-in-user]");
}
