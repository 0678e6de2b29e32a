namespace AdminPortal.E2E.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright, plus the app on a real port. One per test collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;
    public PortalServer Portal { get; private set; } = default!;

    /// <summary>Where screenshots go: e2e/AdminPortal.E2E/screenshots, next to the sources.</summary>
    public static string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "screenshots"));

    public async ValueTask InitializeAsync()
    {
        // Two cores run the unit tests beside these: give assertions room before calling something broken.
        Assertions.SetDefaultExpectTimeout(15_000);
        Portal = new PortalServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context whose page fails the test on any console error or page crash.</summary>
    /// <param name="baseUrl">Another portal than <see cref="Portal"/>, e.g. instances behind a proxy.</param>
    /// <param name="timeZone">The browser's IANA time zone (e.g. "America/New_York"); the machine's when null.</param>
    public async Task<PageSession> NewSessionAsync(int width = 1280, int height = 800, bool darkScheme = false, string? baseUrl = null,
        string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? Portal.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = darkScheme ? ColorScheme.Dark : ColorScheme.Light,
            Permissions = ["clipboard-read", "clipboard-write"],
            TimezoneId = timeZone,
        });
        // Generous limits: CI shares two cores with the build and the other tests; a slow answer is not a broken one.
        context.SetDefaultTimeout(45_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new PageSession(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
