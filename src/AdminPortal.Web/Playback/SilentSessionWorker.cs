using AdminPortal.Web.Common;

namespace AdminPortal.Web.Playback;

/// <summary>Every 15 s, announces the end of viewers' sessions that went silent (playback.ended, reason "silent").</summary>
public sealed class SilentSessionWorker(PlaybackService playback, TimeProvider clock, ILogger<SilentSessionWorker> logger)
    : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => PlaybackService.HeartbeatInterval;

    protected override bool RunsAtStart => false;

    protected override string Work => "Announcing silent playback sessions";

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => playback.AnnounceSilentEndsAsync(cancellationToken);
}
