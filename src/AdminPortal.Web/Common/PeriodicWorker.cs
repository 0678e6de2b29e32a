namespace AdminPortal.Web.Common;

/// <summary>
/// Background work done in rounds: optionally once at start, then every <see cref="Interval"/> on the injected clock.
/// A failed round is logged and the next tick tries again, so one bad round never stops the worker.
/// </summary>
public abstract class PeriodicWorker(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected virtual bool RunsAtStart => true;

    /// <summary>What a round does, in words for the log ("Audit log clean-up").</summary>
    protected abstract string Work { get; }

    protected abstract Task RunRoundAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval > TimeSpan.Zero ? Interval : TimeSpan.FromHours(1), clock);
        if (RunsAtStart)
        {
            await RoundAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RoundAsync(stoppingToken);
        }
    }

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunRoundAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Work} failed; it runs again at the next round.", Work);
        }
    }
}
