namespace AdminPortal.E2E.Infrastructure;

/// <summary>A browser context and its page, collecting console errors so a test can fail on them.</summary>
public sealed class PageSession : IAsyncDisposable
{
    private readonly List<string> errors = [];

    public PageSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add("Page error: " + error);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public IReadOnlyList<string> ConsoleErrors => errors;

    public void AssertNoConsoleErrors() => Assert.True(errors.Count == 0, "Browser console errors:\n" + string.Join("\n", errors));

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
