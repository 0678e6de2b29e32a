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
