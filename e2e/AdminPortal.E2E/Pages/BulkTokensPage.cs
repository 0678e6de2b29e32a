namespace AdminPortal.E2E.Pages;

/// <summary>The video's "Create many" page: a count or a CSV of viewers, the editor's settings, then the result CSV.</summary>
public sealed class BulkTokensPage(IPage page)
{
    public ILocator Read => page.Locator("[data-testid=bulk-read]");
    public ILocator Problems => page.Locator("[data-testid=bulk-problem]");
    public ILocator Create => page.Locator("[data-testid=bulk-create]");
    public ILocator Done => page.Locator("[data-testid=bulk-done]");
    public ILocator Progress => page.Locator("[data-testid=bulk-progress]");

    public async Task OpenAsync(string videoId)
    {
        await page.GotoAsync($"/videos/{videoId}/tokens/many");
        await new Shell(page).WaitForInteractiveAsync();
        await page.Locator("[data-testid=bulk-heading]").WaitForAsync();
    }

    public async Task ChooseCsvAsync(string file)
    {
        await page.GetByText("One per viewer, from a CSV file").ClickAsync();
        await page.Locator("[data-testid=bulk-file]").SetInputFilesAsync(file);
        await Read.WaitForAsync();
    }

    /// <summary>Creates, waits for the result and downloads its CSV; answers the downloaded file's lines.</summary>
    public async Task<string[]> CreateAndDownloadAsync()
    {
        await Create.ClickAsync();
        await Done.WaitForAsync(new() { Timeout = 60_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=bulk-download]").ClickAsync());
        var path = await download.PathAsync();
        return (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
