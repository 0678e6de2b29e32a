namespace AdminPortal.E2E.Pages;

/// <summary>The Admin's Settings → Webhooks page and an endpoint's delivery log.</summary>
public sealed class WebhooksPage(IPage page)
{
    /// <summary>Adds an endpoint for the checked events (besides the preselected ones) and answers the secret shown once.</summary>
    public async Task<string> AddAsync(string url, params string[] moreEvents)
    {
        await page.Locator("[data-testid=webhook-url] input, input[data-testid=webhook-url]").FillAsync(url);
        foreach (var type in moreEvents)
        {
            await page.Locator("[data-testid=webhook-events]").GetByLabel(type, new() { Exact = true }).CheckAsync();
        }
        await page.ClickAsync("[data-testid=webhook-create]");
        var secret = page.Locator("[data-testid=webhook-secret] input, input[data-testid=webhook-secret]");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_[A-Za-z0-9+/=]{44}$"));
        var value = await secret.InputValueAsync();
        await page.ClickAsync("[data-testid=webhook-secret-done]");
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret-dialog]")).ToHaveCountAsync(0);
        return value;
    }

    public ILocator Rows => page.Locator("[data-testid=webhooks-table] tbody tr");

    public async Task OpenLogAsync()
    {
        await page.Locator("[data-testid=webhook-log-link]").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Delivery log");
    }

    public ILocator DeliveryTypes => page.Locator("[data-testid=delivery-type]");

    public ILocator DeliveryStatuses => page.Locator("[data-testid=delivery-status]");

    public async Task RefreshAsync() => await page.ClickAsync("[data-testid=webhook-refresh]");
}
