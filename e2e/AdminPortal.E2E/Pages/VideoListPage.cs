namespace AdminPortal.E2E.Pages;

/// <summary>The videos page (/videos) with its upload, rename and delete actions.</summary>
public sealed class VideoListPage(IPage page)
{
    public ILocator UploadButton => page.Locator("[data-testid=video-upload]");
    public ILocator UploadDialog => page.Locator("[data-testid=upload-dialog]");
    public ILocator UploadTitle => page.Locator("input[data-testid=upload-title], [data-testid=upload-title] input");
    public ILocator UploadError => page.Locator("[data-testid=upload-error]");
    public ILocator Titles => page.Locator("[data-testid=video-title]");
    public ILocator Thumbnails => page.Locator("img.video-thumb");
    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public ILocator Row(string title) => page.Locator("[data-testid=video-grid] tbody tr").Filter(new() { HasText = title });

    public async Task ChooseFileAsync(string path)
    {
        await UploadButton.ClickAsync();
        await UploadDialog.WaitForAsync();
        await page.Locator("[data-testid=upload-file]").SetInputFilesAsync(path);
    }

    public async Task StartUploadAsync() => await page.Locator("[data-testid=upload-start]").ClickAsync();

    public async Task RenameAsync(string title, string newTitle)
    {
        await Row(title).Locator("[data-testid=video-rename]").ClickAsync();
        var field = page.Locator("input[data-testid=rename-title], [data-testid=rename-title] input");
        await field.FillAsync(newTitle);
        await page.Locator("[data-testid=rename-save]").ClickAsync();
    }

    public async Task DeleteAsync(string title)
    {
        await Row(title).Locator("[data-testid=video-delete]").ClickAsync();
        await page.Locator(".mud-dialog [data-testid=confirm]").ClickAsync();
    }
}
