using AdminPortal.Web.Data;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>
/// The real app over a temporary database (<see cref="TestDatabase"/>: SQLite or PostgreSQL) and media folder, with a fake clock.
/// Seeds the "demo" organization with its Admin and the sample videos, like Development does.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string OrgCode = "demo";
    public const string AdminEmail = "admin@demo.test";
    public const string Password = "Test-Password-1";

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));

    /// <summary>For restart tests: leave the database and media for the next app on the same folder.</summary>
    public bool KeepDataOnDispose { get; init; }

    /// <summary>Extra settings for this app, e.g. <c>Media:FfmpegPath</c>.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    protected virtual string EnvironmentName => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in TestDatabase.Settings(DataDirectory))
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("AdminPortal:DataDirectory", DataDirectory);
        builder.UseSetting("Seed:OrganizationCode", OrgCode);
        builder.UseSetting("Seed:OrganizationName", "Demo Academy");
        builder.UseSetting("Seed:AdminEmail", AdminEmail);
        builder.UseSetting("Seed:AdminPassword", Password);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        builder.UseSetting("Logging:LogLevel:AdminPortal.Web.Components.Account", "Error");
        // Every test signs in from the same address; the rate-limit tests set their own, low limits.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:ApiLogin:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:TokenMinting:PermitLimit", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<AdminPortalDbContext> DbAsync() =>
        await Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();

    public async Task<Organization> OrganizationAsync(string code = OrgCode)
    {
        await using var db = await DbAsync();
        var existing = await db.Organizations.SingleOrDefaultAsync(o => o.Code == code);
        if (existing is not null)
        {
            return existing;
        }
        var organization = new Organization { Code = code, Name = code.ToUpperInvariant() + " Org" };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization;
    }

    /// <summary>Creates a staff member (and their organization if needed) and returns them as an actor.</summary>
    public async Task<Actor> StaffAsync(StaffRole role, string orgCode = OrgCode, string? email = null)
    {
        var organization = await OrganizationAsync(orgCode);
        email ??= $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@{orgCode}.test";
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = organization.Id };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role.ToString());
        return new Actor(user.Id, email, organization.Id, organization.Code, role);
    }

    public async Task<Actor> AdminAsync()
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(AdminEmail) ?? throw new InvalidOperationException("Seed admin missing.");
        var organization = await OrganizationAsync();
        return new Actor(admin.Id, AdminEmail, organization.Id, organization.Code, StaffRole.Admin);
    }

    /// <summary>Adds a ready video (a sample package, encrypted with its own fresh key) to an organization.</summary>
    public async Task<Video> VideoAsync(string orgCode = OrgCode, string title = "Test video")
    {
        var organization = await OrganizationAsync(orgCode);
        var id = VideoIds.New();
        var sample = SampleVideos.Install(Service<MediaStore>(), Service<VideoKeys>(), "product-demo", id);
        var video = new Video
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
            Status = VideoStatus.Completed,
            ProcessingPercent = 100,
            ProtectedKey = sample.ProtectedKey,
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await DbAsync();
        db.Videos.Add(video);
        await db.SaveChangesAsync();
        return video;
    }

    /// <summary>Waits (real ffmpeg, up to a minute) until the packaging worker has finished the video, and returns it.</summary>
    public async Task<Video> WaitUntilPackagedAsync(string videoId, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            await using var db = await DbAsync();
            var video = await db.Videos.AsNoTracking().SingleAsync(v => v.Id == videoId);
            if (video.Status != VideoStatus.Processing || DateTime.UtcNow > until)
            {
                return video;
            }
            await Task.Delay(200);
        }
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataOnDispose)
        {
            GC.SuppressFinalize(this);
            return;
        }
        await TestDatabase.DropAsync(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS temp cleaner.
        }
        GC.SuppressFinalize(this);
    }
}
