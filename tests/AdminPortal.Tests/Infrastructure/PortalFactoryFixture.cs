namespace AdminPortal.Tests.Infrastructure;

/// <summary>One app per test class: classes run in parallel, each on its own database.</summary>
public sealed class PortalFactoryFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new();

    public ValueTask InitializeAsync()
    {
        // Starting the server runs migrations and the seed.
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// Tests that run ffmpeg (packaging, uploads that get packaged) run on their own, after the parallel ones, so two
/// cores are not shared with the timing budgets of the scale tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
