using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Data;

/// <summary>Brings the database to the current schema and loads the seed. Safe to run at every start.</summary>
public sealed class DatabaseInitializer(
    IServiceProvider services,
    DatabaseSettings database,
    Playback.MediaSigner signer,
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtection,
    IOptions<SeedOptions> seedOptions,
    MediaStore media,
    VideoKeys keys,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    private static readonly (string File, string Title)[] Samples =
    [
        ("welcome-tour", "Welcome tour"),
        ("product-demo", "Product demo"),
        ("lecture-01", "Lecture 01: Introduction"),
    ];

    /// <summary>
    /// Instances that share a PostgreSQL database take turns bringing it up to date (this and the operator bootstrap);
    /// a SQLite file has one instance. Dispose the answer to end the turn.
    /// </summary>
    public async Task<IAsyncDisposable> TakeTurnAsync(CancellationToken cancellationToken = default) =>
        database.IsSqlite ? new NoTurn() : await PostgreSql.StartLock.AcquireAsync(database.ConnectionString, cancellationToken);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminPortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (database.IsSqlite)
        {
            // WAL lets readers go on while a writer commits; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        // Fills the per-video token totals after an upgrade, and repairs them after any bulk load.
        await Tokens.VideoTokenCounts.RecountAsync(db, cancellationToken);
        await Tokens.TokenBackfill.CodePrefixesAsync(db, cancellationToken);
        // Keys made by the API login before they were marked as such carry its generated name.
        await db.ApiKeys.Where(k => !k.FromLogin && k.Name.StartsWith("API login "))
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.FromLogin, true), cancellationToken);
        await signer.LoadKeyAsync(cancellationToken);
        // The first Data Protection key is made here, in turn: instances starting together on an empty key store would
        // each make their own. Later keys are written two days before use, and every instance reloads its ring daily.
        dataProtection.CreateProtector("AdminPortal.Start").Protect([1]);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role.ToString()))
            {
                await roles.CreateAsync(new IdentityRole(role.ToString()));
            }
        }

        var seed = seedOptions.Value;
        if (string.IsNullOrWhiteSpace(seed.OrganizationCode))
        {
            return;
        }

        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Code == seed.OrganizationCode, cancellationToken);
        var isNew = organization is null;
        if (organization is null)
        {
            organization = new Organization { Code = seed.OrganizationCode, Name = seed.OrganizationName ?? seed.OrganizationCode };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded organization {Code}", organization.Code);
        }

        if (!string.IsNullOrWhiteSpace(seed.AdminEmail) && !string.IsNullOrWhiteSpace(seed.AdminPassword))
        {
            await EnsureAdminAsync(scope.ServiceProvider, organization, seed.AdminEmail, seed.AdminPassword);
        }

        // Samples come with a new organization only, so a video staff deleted does not come back on restart.
        if (isNew && seed.SampleVideos)
        {
            await AddSamplesAsync(db, organization, cancellationToken);
        }
    }

    private async Task EnsureAdminAsync(IServiceProvider provider, Organization organization, string email, string password)
    {
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var admin = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = organization.Id };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Seed admin could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(admin, StaffRoles.Admin);
        logger.LogInformation("Seeded admin {Email}", email);
    }

    private async Task AddSamplesAsync(AdminPortalDbContext db, Organization organization, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var index = 0;
        foreach (var (name, title) in Samples)
        {
            if (!SampleVideos.Exists(name))
            {
                logger.LogWarning("Sample video {Name} is missing; skipped", name);
                continue;
            }
            var id = VideoIds.New();
            var sample = SampleVideos.Install(media, keys, name, id);
            File.Copy(Path.Combine(SampleVideos.Folder, name + ".jpg"), media.PathOf(id + ".jpg"), overwrite: true);
            db.Videos.Add(new Video
            {
                Id = id,
                OrganizationId = organization.Id,
                Title = title,
                DurationSeconds = sample.DurationSeconds,
                Width = sample.Width,
                Height = sample.Height,
                Bytes = sample.Bytes,
                MediaFile = "",
                ContentType = "video/mp4",
                ThumbnailFile = id + ".jpg",
                Status = VideoStatus.Completed,
                ProcessingPercent = 100,
                ProtectedKey = sample.ProtectedKey,
                // Oldest first, so the list shows them in the order above.
                CreatedAt = now.AddSeconds(-index++),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed class NoTurn : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
