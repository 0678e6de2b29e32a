namespace AdminPortal.E2E.Pages;

/// <summary>The embed player inside a customer's iframe.</summary>
public sealed class PlayerFrame(IPage page)
{
    private readonly IFrameLocator frame = page.FrameLocator("iframe");

    public ILocator Video => frame.Locator("[data-testid=player-video]");
    public ILocator Frame => frame.Locator("[data-testid=player-frame]");
    public ILocator StaticWatermark => frame.Locator("[data-watermark-type=static]");
    public ILocator DynamicWatermark => frame.Locator("[data-watermark-type=dynamic]");
    public ILocator Error => frame.Locator("[data-testid=player-error]");
    public ILocator SpeedMenu => frame.Locator("[data-testid=player-rate]");
    public ILocator FullscreenButton => frame.Locator("[data-testid=player-fullscreen]");
    public ILocator QualityMenu => frame.Locator("[data-testid=player-quality]");
    public ILocator StartButton => frame.Locator("[data-testid=player-start]");
    public ILocator Notice => frame.Locator("[data-testid=player-notice]");

    /// <summary>Waits until the video's playhead has moved past <paramref name="seconds"/>: it really plays.</summary>
    public async Task WaitUntilPlayingAsync(double seconds = 0.5)
    {
        await Video.WaitForAsync();
        var handle = await Video.ElementHandleAsync();
        var content = await handle.OwnerFrameAsync() ?? throw new InvalidOperationException("The player frame is gone.");
        await content.WaitForFunctionAsync($"() => document.querySelector('video').currentTime > {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            null, new FrameWaitForFunctionOptions { Timeout = 15000 });
    }

    /// <summary>The height of the picture now playing: which rendition the stream is on.</summary>
    public async Task<int> VideoHeightAsync() => await Video.EvaluateAsync<int>("v => v.videoHeight");

    public async Task<double> CurrentTimeAsync() => await Video.EvaluateAsync<double>("v => v.currentTime");
}
