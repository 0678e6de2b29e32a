namespace AdminPortal.Web.Staff;

/// <summary>
/// A wrong password for a real account also records the failed attempt (a database write), so it answers later than
/// an unknown e-mail even when both hash a password. Every failed answer is held back to the running average of
/// that path, so the time of the answer does not tell which it was.
/// </summary>
public sealed class SignInTiming(TimeProvider clock)
{
    private const double Weight = 0.2;
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(2);
    private readonly Lock gate = new();
    private double averageMilliseconds;

    public long Start() => clock.GetTimestamp();

    /// <summary>A real account's wrong password took this long; it moves the average.</summary>
    public void RecordFailure(long started)
    {
        var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
        lock (gate)
        {
            averageMilliseconds = averageMilliseconds == 0 ? elapsed : averageMilliseconds + Weight * (elapsed - averageMilliseconds);
        }
    }

    /// <summary>Waits until a failed answer has taken as long as a real account's usually does.</summary>
    public async Task PadAsync(long started)
    {
        double target;
        lock (gate)
        {
            target = averageMilliseconds;
        }
        var wait = TimeSpan.FromMilliseconds(target) - clock.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait < Longest ? wait : Longest, clock);
        }
    }
}
