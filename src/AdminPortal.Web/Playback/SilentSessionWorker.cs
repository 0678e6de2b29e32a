namespace AdminPortal.Web.Playback;

/// <summary>Every 15 s, announces the end of viewers' sessions that went silent (playback.ended, reason "silent").</summary>
public sealed class SilentSessionWorker(PlaybackService playback, TimeProvider clock, ILogger<SilentSessionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PlaybackService.HeartbeatInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await playback.AnnounceSilentEndsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Announcing silent playback sessions failed; it will run again.");
            }
        }
    }
}
