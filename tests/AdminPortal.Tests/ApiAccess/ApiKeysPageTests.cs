using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Staff;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Tests.ApiAccess;

public sealed class ApiKeysPageTests : BunitContext, IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory;

    public ApiKeysPageTests(PortalFactoryFixture fixture)
    {
        factory = fixture.Factory;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<AdminPortal.Web.Components.Shared.Clipboard>();
        Services.AddScoped<CurrentActor>();
        Services.AddScoped<AdminPortal.Web.Common.TimeDisplay>();
        Services.AddSingleton(factory.Service<ApiKeyService>());
        Services.AddSingleton(factory.Service<AdminPortal.Web.Playback.PlaybackUrls>());
        Services.AddSingleton<TimeProvider>(factory.Clock);
    }

    private async Task<(Actor Admin, IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Page)> RenderAsAdminAsync(Func<Actor, Task>? before = null)
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "k" + Guid.NewGuid().ToString("N")[..10]);
        if (before is not null)
        {
            await before(admin);
        }
        var auth = AddAuthorization();
        auth.SetAuthorized(admin.Name);
        auth.SetRoles(StaffRoles.Admin);
        auth.SetClaims([.. admin.ToClaims()]);
        var page = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<ApiKeysPage>(3);
            builder.CloseComponent();
        });
        // The organization is new: its (empty) key list has loaded once this shows, and the page renders no more on its own.
        page.WaitForAssertion(() => Assert.Contains("No named keys yet.", page.Markup, StringComparison.Ordinal));
        return (admin, page);
    }

    [Fact]
    public async Task An_admin_creates_a_key_sees_it_once_and_revokes_it()
    {
        var (admin, page) = await RenderAsAdminAsync();
        var keys = factory.Service<ApiKeyService>();

        page.Find("[data-testid=api-key-name] input, input[data-testid=api-key-name]").Input("Course website");
        await page.InvokeAsync(() => page.Find("[data-testid=api-key-create]").Click());

        var shown = page.WaitForElement("[data-testid=new-api-key] input, input[data-testid=new-api-key]").GetAttribute("value")!;
        Assert.Matches("^[0-9a-f]{40}$", shown);
        Assert.Equal($"curl -s http://localhost/api/v1/{admin.OrganizationCode}/assets/ -H \"Authorization: Token {shown}\"",
            page.Find("[data-testid=new-api-key-curl]").TextContent);
        Assert.Equal(admin.OrganizationCode, page.Find("[data-testid=org-code-value]").TextContent);
        var owner = await keys.AuthenticateAsync(shown);
        Assert.Equal(admin.UserId, owner!.Actor.UserId);
        await page.InvokeAsync(() => page.Find("[data-testid=api-key-done]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=new-api-key-dialog]")));
        page.WaitForAssertion(() => Assert.Contains("Course website", page.Find("[data-testid=api-keys-table]").TextContent, StringComparison.Ordinal));
        Assert.Contains(shown[..8] + "…", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, page.Markup, StringComparison.Ordinal);

        await page.InvokeAsync(() => page.Find("[data-testid=api-key-revoke]").Click());
        page.WaitForElement("[data-testid=confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("No named keys yet.", page.Markup, StringComparison.Ordinal));
        Assert.Null(await keys.AuthenticateAsync(shown));
        Assert.Empty((await keys.ListAsync(admin)).Value!);
    }

    [Fact]
    public async Task Login_keys_are_listed_apart_with_last_use_and_stale_ones_go_in_one_go()
    {
        var stale = "";
        var (_, page) = await RenderAsAdminAsync(async admin =>
        {
            stale = await AdminPortal.Tests.Api.ApiKit.LoginAsync(factory, admin.Name, admin.OrganizationCode);
            factory.Clock.Advance(ApiKeyService.StaleAfter + TimeSpan.FromDays(1));
            await AdminPortal.Tests.Api.ApiKit.LoginAsync(factory, admin.Name, admin.OrganizationCode);
        });

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=api-login-key-used]").Count));
        Assert.Contains("Stale", page.Find("[data-testid=api-login-keys-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No named keys yet.", page.Find("[data-testid=api-keys-table]").TextContent, StringComparison.Ordinal);

        await page.InvokeAsync(() => page.Find("[data-testid=api-keys-revoke-stale]").Click());
        page.WaitForElement("[data-testid=confirm]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=api-login-key-used]")));
        Assert.Null(await factory.Service<ApiKeyService>().AuthenticateAsync(stale));
    }

    [Fact]
    public async Task A_key_needs_a_name()
    {
        var (admin, page) = await RenderAsAdminAsync();

        await page.InvokeAsync(() => page.Find("[data-testid=api-key-create]").Click());

        page.WaitForAssertion(() => Assert.Contains("Give the key a name", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=new-api-key-dialog]"));
        Assert.Empty((await factory.Service<ApiKeyService>().ListAsync(admin)).Value!);
    }
}
