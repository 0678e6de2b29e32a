namespace AdminPortal.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so expiry is tested without sleeping.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
