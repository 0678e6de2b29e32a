using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Data.PostgreSql;

/// <summary>The context on PostgreSQL: the same model, its own migrations (Data/PostgreSql/Migrations).</summary>
public sealed class PostgreSqlDbContext(DbContextOptions<AdminPortalDbContext> options) : AdminPortalDbContext(options);
