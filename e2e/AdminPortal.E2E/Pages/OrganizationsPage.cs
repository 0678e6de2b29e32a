using System.Text.RegularExpressions;

namespace AdminPortal.E2E.Pages;

/// <summary>The operator's organizations page: the grid, the create dialog and the first Admin's link dialog.</summary>
public sealed class OrganizationsPage(IPage page)
{
    public ILocator Rows => page.Locator("[data-testid=org-grid] tbody tr");

    public ILocator RowOf(string code) => page.Locator("[data-testid=org-grid] tbody tr", new() { HasText = code });

    public async Task WaitForRowsAsync() => await Assertions.Expect(page.Locator("[data-testid=org-code]").First).ToBeVisibleAsync();

    public async Task OpenCreateDialogAsync(string name, string code, string adminEmail)
    {
        await page.ClickAsync("[data-testid=org-create]");
        await Field("org-name").FillAsync(name);
        await Field("org-code-input").FillAsync(code);
        await Field("org-admin-email").FillAsync(adminEmail);
    }

    public async Task SearchAsync(string text) => await Field("org-search").FillAsync(text);

    public async Task ConfirmCreateAsync() => await page.ClickAsync("[data-testid=org-create-confirm]");

    /// <summary>The set-password link shown (once) after creating.</summary>
    public async Task<string> ShownLinkAsync()
    {
        var link = page.Locator("[data-testid=staff-link] textarea, textarea[data-testid=staff-link]");
        await Assertions.Expect(link).ToHaveValueAsync(new Regex("/Account/Invitation\\?code="));
        return await link.InputValueAsync();
    }

    public async Task CloseLinkDialogAsync()
    {
        await page.ClickAsync("[data-testid=staff-link-done]");
        await Assertions.Expect(page.Locator("[data-testid=staff-link-dialog]")).ToHaveCountAsync(0);
    }

    public ILocator CodeError => page.Locator("[data-testid=org-create-dialog]").GetByText("Use 2 to 32 characters");

    private ILocator Field(string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]");
}
