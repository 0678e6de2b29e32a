using System.Security.Claims;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>
/// bUnit with MudBlazor and the portal's real services (over the factory's database and fake clock).
/// JS interop is loose: calls succeed and are recorded, so a test can verify them.
/// </summary>
public abstract class PortalComponentTest : BunitContext
{
    static PortalComponentTest()
    {
        // Components load from a real database (on PostgreSQL truly asynchronously) on two shared cores: waits get room.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected PortalComponentTest(PortalFactory factory)
    {
        Factory = factory;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<AdminPortal.Web.Components.Shared.Clipboard>();
        Services.AddScoped<AdminPortal.Web.Components.Shared.Downloads>();
        Services.AddScoped<CurrentActor>();
        Services.AddScoped<AdminPortal.Web.Common.TimeDisplay>();
        Services.AddSingleton<TimeProvider>(factory.Clock);
        Services.AddSingleton(factory.Service<TokenService>());
        Services.AddSingleton(factory.Service<VideoCatalog>());
        Services.AddSingleton(factory.Service<UsageService>());
        Services.AddSingleton(factory.Service<ViewerSessionService>());
        Services.AddSingleton(factory.Service<MediaSigner>());
        Services.AddSingleton(factory.Service<PlaybackService>());
        Services.AddSingleton(factory.Service<VideoService>());
        Services.AddSingleton(factory.Service<PackagingWorker>());
        Services.AddSingleton(factory.Service<PlaybackUrls>());
        Services.AddSingleton(factory.Service<WatermarkPresetService>());
        Services.AddSingleton(factory.Service<AdminPortal.Web.Organizations.OrganizationLogoService>());
        Services.AddSingleton(factory.Service<IOptions<MediaOptions>>());
    }

    protected PortalFactory Factory { get; }

    /// <summary>Signs the test user in as <paramref name="actor"/> (claims as the real sign-in issues them).</summary>
    protected void SignInAs(Actor actor)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(actor.Name);
        auth.SetRoles(actor.Role.ToString());
        auth.SetClaims([.. actor.ToClaims().Where(c => c.Type is not (ClaimTypes.Name or ClaimTypes.Role))]);
    }

    /// <summary>
    /// Waits (up to 15 s) until <paramref name="check"/> passes. For checks that read the database: they await off the
    /// renderer's thread, which a blocking wait there would hold (and truly asynchronous providers then never finish).
    /// </summary>
    protected static async Task EventuallyAsync(Func<Task> check)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Renders MudBlazor's popover, dialog and snackbar providers (as MainLayout does), then the component.</summary>
    protected IRenderedComponent<T> RenderWithProviders<T>(Action<ComponentParameterCollectionBuilder<T>> configure) where T : IComponent
    {
        Popovers = Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render(configure);
    }

    /// <summary>The popover provider, where open menus and selects render.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    /// <summary>The dialog provider, where open dialogs render.</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = default!;
}
