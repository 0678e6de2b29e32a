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

    private const string IsDarkScript =
        "() => !['rgba(245,246,250,1)', '#f5f6fa', '#f5f6faff'].includes(getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim().toLowerCase())";

    /// <summary>Whether MudBlazor's dark palette is in force (its background variable is not the light one).</summary>
    public async Task<bool> IsDarkAsync() => await page.EvaluateAsync<bool>(IsDarkScript);

    /// <summary>Toggles the theme and waits until the palette has switched.</summary>
    public async Task SwitchThemeAsync()
    {
        var wasDark = await IsDarkAsync();
        await ToggleThemeAsync();
        await page.WaitForFunctionAsync(wasDark ? $"() => !({IsDarkScript})()" : $"() => ({IsDarkScript})()");
    }

    public ILocator SignedInUser => page.Locator("[data-testid=signed-in-user]");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>A snackbar (or any text) the page shows, e.g. "Key copied to the clipboard.".</summary>
    public ILocator Message(string text) => page.GetByText(text);
}
