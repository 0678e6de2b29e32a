using System.Diagnostics;
using System.Text;

namespace AdminPortal.Bench;

/// <summary>What "Create many" took in Chromium for a CSV of viewers: from the click until the result is offered.</summary>
public sealed record BulkCsvResult(int Viewers, int Created, double Milliseconds);

/// <summary>Staff's own path: the video's "Create many" page, a CSV of fresh viewer labels, "Create", wait for "Created".</summary>
public static class BulkCsv
{
    public static async Task<BulkCsvResult> MeasureAsync(Portal portal, string videoId, int viewers, string work)
    {
        var file = Path.Combine(work, "viewers.csv");
        var csv = new StringBuilder("viewer\n");
        for (var i = 1; i <= viewers; i++)
        {
            csv.Append("student-").Append(i).Append("@school.example\n");
        }
        await File.WriteAllTextAsync(file, csv.ToString());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Grid.LaunchAsync(playwright);
        var page = await Grid.SignedInPageAsync(browser, portal);
        await page.GotoAsync($"/videos/{videoId}/tokens/many");
        await page.Locator("[data-interactive=yes]").WaitForAsync(); // clicks before the circuit is up do nothing
        await page.GetByText("One per viewer, from a CSV file").ClickAsync();
        await page.Locator("[data-testid=bulk-file]").SetInputFilesAsync(file);
        await page.Locator("[data-testid=bulk-read]").WaitForAsync();
        var create = page.Locator("[data-testid=bulk-create]");
        await create.WaitForAsync();

        var watch = Stopwatch.StartNew();
        await create.ClickAsync();
        var done = page.Locator("[data-testid=bulk-done]");
        await done.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        watch.Stop();
        var text = await done.InnerTextAsync();
        var created = int.TryParse(new string(text.Split("Created ")[1].TakeWhile(c => char.IsDigit(c) || c == ',').Where(char.IsDigit).ToArray()), out var n) ? n : 0;
        return new BulkCsvResult(viewers, created, watch.Elapsed.TotalMilliseconds);
    }
}
