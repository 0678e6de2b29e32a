namespace AdminPortal.E2E.Pages;

/// <summary>The Admin's API keys page.</summary>
public sealed class ApiKeysPage(IPage page)
{
    public async Task OpenFromNavAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/api-keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("API keys");
    }

    /// <summary>Creates a key and answers the key shown (once) in the dialog.</summary>
    public async Task<string> CreateAsync(string name)
    {
        await page.Locator("[data-testid=api-key-name] input, input[data-testid=api-key-name]").FillAsync(name);
        await page.ClickAsync("[data-testid=api-key-create]");
        var key = page.Locator("[data-testid=new-api-key] input, input[data-testid=new-api-key]");
        await Assertions.Expect(key).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{40}$"));
        return await key.InputValueAsync();
    }

    public async Task CopyAsync() => await page.ClickAsync("[data-testid=copy-api-key]");

    public ILocator Curl => page.Locator("[data-testid=new-api-key-curl]");

    public ILocator OrganizationCode => page.Locator("[data-testid=org-code-value]");

    public ILocator LoginKeyRows => page.Locator("[data-testid=api-login-keys-table] tbody tr");

    public async Task CloseDialogAsync()
    {
        await page.ClickAsync("[data-testid=api-key-done]");
        await Assertions.Expect(page.Locator("[data-testid=new-api-key-dialog]")).ToHaveCountAsync(0);
    }

    public ILocator Rows => page.Locator("[data-testid=api-keys-table] tbody tr");

    public async Task RevokeFirstAsync()
    {
        await page.Locator("[data-testid=api-key-revoke]").First.ClickAsync();
        await page.ClickAsync("[data-testid=confirm]");
    }
}
