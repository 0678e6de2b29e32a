using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Infrastructure;

/// <summary>The real app on a real loopback port, in Development (the seed and static assets as a developer sees them).</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@demo.local";
    public const string AdminPassword = "Demo-Admin-2026";
    public const string OperatorEmail = "operator@platform.local";
    public const string OperatorPassword = "Operator-Pass-2026";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "adminportal-e2e", Guid.NewGuid().ToString("N"));

    public string BaseUrl { get; private set; } = "";

    public PortalServer()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:AdminPortal", $"Data Source={Path.Combine(dataDirectory, "portal.db")}");
        builder.UseSetting("AdminPortal:DataDirectory", dataDirectory);
        builder.UseSetting("Seed:AdminEmail", AdminEmail);
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Bootstrap:OperatorEmail", OperatorEmail);
        builder.UseSetting("Bootstrap:OperatorPassword", OperatorPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        // Every test signs in from loopback.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:ApiLogin:PermitLimit", "1000000");
        // The webhook tests' receiver listens on loopback over http, as on-premises installs may allow.
        builder.UseSetting("Webhooks:AllowHttp", "true");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Lifts the demo organization's embedding restrictions again: other tests embed the player from loopback sites.</summary>
    public async Task AllowEmbeddingAnywhereAsync()
    {
        await using var db = await Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var demo = await db.Organizations.SingleAsync(o => o.Code == "demo");
        demo.AllowedDomains = [];
        demo.AllowEmptyReferrer = true;
        await db.SaveChangesAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
