using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Components;
using AdminPortal.Web.Components.Account;
using AdminPortal.Web.Data;
using AdminPortal.Web.Mail;
using AdminPortal.Web.Operators;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using AdminPortal.Web.Webhooks;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;

namespace AdminPortal.Web.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddAdminPortal(this WebApplicationBuilder builder)
    {
        // The Development settings live once, at the repository root.
        if (builder.Environment.IsDevelopment())
        {
            AddRootDevelopmentSettings(builder.Configuration, builder.Environment);
        }

        var services = builder.Services;
        var paths = DataPaths.Resolve(builder.Configuration, builder.Environment);
        paths.EnsureFolders();
        services.AddSingleton(paths);
        var database = DatabaseSettings.Resolve(builder.Configuration, paths.DataDirectory);
        database.EnsureFolder();
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.Configure<AdminPortalOptions>(builder.Configuration.GetSection(AdminPortalOptions.Section));

        // Data (SQLite or PostgreSQL): one short-lived context per operation; Identity's stores get a scoped one.
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<AdminPortalDbContext>>().CreateDbContext());
        services.AddDbContextFactory<AdminPortalDbContext, AdminPortalDbContextFactory>((provider, options) => database.Configure(options)
            .AddInterceptors(provider.GetRequiredService<StaffChangeInterceptor>()));
        services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<JobClaims>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddPortalHealthChecks();

        // UI
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<UserPreferences>();
        services.AddScoped<TimeDisplay>();
        services.AddScoped<Components.Shared.Clipboard>();
        services.AddScoped<Components.Shared.Downloads>();

        // Staff identity and sign-in
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "AdminPortal.Auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            // The session must still be open on the server, then the security stamp applies.
            options.Events.OnValidatePrincipal = StaffSessionService.ValidatePrincipalAsync;
        });
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme,
            options => options.ExpireTimeSpan = StaffRules.RememberBrowserFor);
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Stores.SchemaVersion = AdminPortalDbContext.IdentitySchema;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AdminPortalDbContext>()
            .AddSignInManager<StaffSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>();
        // Role changes, locks and removals reach open sessions within a minute, not the default 30.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            options.OnRefreshingPrincipal = StaffSessionService.KeepSessionClaimsAsync;
        });
        services.AddAuthorizationBuilder().AddPortalPolicies();
        // Several instances share PostgreSQL, so its keys live there; a SQLite install is one instance, with its keys on disk.
        var dataProtection = services.AddDataProtection().SetApplicationName("AdminPortal");
        if (database.IsSqlite)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));
        }
        else
        {
            dataProtection.PersistKeysToDbContext<AdminPortalDbContext>();
        }
        services.AddScoped<StaffService>();
        services.AddScoped<CurrentActor>();
        services.AddMemoryCache();
        services.AddSingleton<StaffSessionService>();
        services.AddSingleton<SignInTiming>();
        services.AddSingleton<StaffLinkService>();
        services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
        services.AddSingleton<MailSender>();
        services.AddSingleton<ApiLoginSecondFactor>();

        // Videos
        services.Configure<MediaOptions>(builder.Configuration.GetSection(MediaOptions.Section));
        services.AddSingleton<MediaStore>();
        services.AddSingleton<VideoCatalog>();
        services.AddSingleton<VideoService>();
        services.AddSingleton<VideoKeys>();

        // Packaging uploads into encrypted HLS: ffmpeg, run by a durable background worker
        services.AddSingleton<Ffmpeg>();
        services.AddSingleton<HlsPackager>();
        services.AddSingleton<PackagingWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<PackagingWorker>());

        // Tokens
        services.AddSingleton<TokenService>();
        services.AddSingleton<WatermarkPresetService>();

        // Playback
        services.AddSingleton<PlaybackUrls>();
        services.AddSingleton<MediaSigner>();
        services.AddSingleton<PlaybackService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<ViewerSessionService>();
        services.AddHostedService<SilentSessionWorker>();
        services.Configure<PlaybackRetentionOptions>(builder.Configuration.GetSection(PlaybackRetentionOptions.Section));
        services.AddSingleton<PlaybackRetention>();
        services.AddHostedService<PlaybackRetentionWorker>();
        services.AddSingleton<OrganizationSettingsService>();
        services.AddSingleton<OrganizationLogoService>();

        // Webhooks: the outbox (written with each change), the background dispatcher, endpoints and their secrets
        services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookAddressRules>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookService>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // Every connection resolves and checks the host itself (no loopback or private addresses, DNS rebinding included).
                ConnectCallback = provider.GetRequiredService<WebhookAddressRules>().ConnectAsync,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // Audit log: every staff action, append-only, cleaned after the retention period
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<AuditQueries>();
        services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        services.AddSingleton<AuditRetention>();
        services.AddHostedService<AuditRetentionWorker>();

        // Platform operators: the first one from configuration, and their management of organizations
        services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.Section));
        services.AddSingleton<OperatorBootstrap>();
        services.AddSingleton<OrganizationAdminService>();

        // Telemetry: our counters, and OpenTelemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
        services.AddPortalTelemetry(builder.Configuration);

        // Server API: Token-key authentication, keys, OpenAPI document
        services.AddAdminPortalApi();

        // Throttling of sign-in, API login and token minting (the player is never throttled)
        services.AddAdminPortalRateLimits(builder.Configuration);

        return builder;
    }

    public static async Task<WebApplication> MapAdminPortalAsync(this WebApplication app)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        await using (await initializer.TakeTurnAsync())
        {
            await initializer.InitializeAsync();
            await app.Services.GetRequiredService<OperatorBootstrap>().EnsureAsync();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Friendly not-found pages for the portal; the API and the player answer for themselves.
        app.UseWhen(context => IsPortalPath(context.Request.Path),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        app.UsePortalSecurityHeaders();
        app.UseAuthentication();
        app.UseTwoFactorEnforcement();
        app.UseAuthorization();
        // After authorization, so token minting is counted per API key.
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        // The portal's own policy (SecurityHeaders) carries frame-ancestors; Blazor's lone one would stand in its place.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapPortalHealthChecks();
        app.MapVideoEndpoints();
        app.MapVideoUploadEndpoint();
        app.MapPlaybackEndpoints();
        app.MapTokenExport();
        app.MapLogoEndpoint();
        app.MapAdminPortalApi();
        app.MapAuditExport();
        return app;
    }

    private static bool IsPortalPath(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/embed") && !path.StartsWithSegments("/hls")
        && !path.StartsWithSegments("/play") && !path.StartsWithSegments("/logo")
        && !path.StartsWithSegments("/thumbnails") && !path.StartsWithSegments("/healthz");

    private static void AddRootDevelopmentSettings(ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        // From src/AdminPortal.Web (dotnet run) the root is two folders up.
        var file = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", "appsettings.Development.json"));
        if (!File.Exists(file))
        {
            return;
        }
        // Slot it in beside the other JSON files, so environment variables and the command line still win.
        var lastJson = configuration.Sources.ToList().FindLastIndex(s => s is JsonConfigurationSource);
        configuration.AddJsonFile(file, optional: true, reloadOnChange: false);
        var added = configuration.Sources[^1];
        configuration.Sources.RemoveAt(configuration.Sources.Count - 1);
        configuration.Sources.Insert(lastJson + 1, added);
    }
}
