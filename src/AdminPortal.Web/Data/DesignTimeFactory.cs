using AdminPortal.Web.Data.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdminPortal.Web.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c> (scripts/add-migration.sh runs it once per provider): each provider's model
/// without starting the app or opening a database.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AdminPortalDbContext>
{
    public AdminPortalDbContext CreateDbContext(string[] args) => new(DesignTime.Options(o => o.UseSqlite("Data Source=design-time.db")));
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlDbContext>
{
    public PostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTime.Options(o => o.UseNpgsql("Host=localhost;Database=adminportal")));
}

internal static class DesignTime
{
    public static DbContextOptions<AdminPortalDbContext> Options(Action<DbContextOptionsBuilder> provider)
    {
        // Identity reads its schema version from the app's options, so it gets the app's.
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = AdminPortalDbContext.IdentitySchema)
            .BuildServiceProvider();
        var builder = new DbContextOptionsBuilder<AdminPortalDbContext>().UseApplicationServiceProvider(services);
        provider(builder);
        return builder.Options;
    }
}
