using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Operators;
using AdminPortal.Web.Playback;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Tests.Operators;

/// <summary>The operator's organizations page, rendered with the real service over the test app's database.</summary>
public sealed class OrganizationsPageTests : BunitContext, IClassFixture<OperatorPortalFixture>
{
    private readonly PortalFactory factory;

    public OrganizationsPageTests(OperatorPortalFixture fixture)
    {
        factory = fixture.Factory;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(factory.Service<OrganizationAdminService>());
        Services.AddScoped<AdminPortal.Web.Common.TimeDisplay>();
        Services.AddSingleton(factory.Service<PlaybackUrls>());
        Services.AddSingleton<TimeProvider>(factory.Clock);
    }

    private async Task<IRenderedComponent<IComponent>> RenderAsOperatorAsync()
    {
        var op = await factory.OperatorAsync();
        var auth = AddAuthorization();
        auth.SetAuthorized(op.Name);
        auth.SetRoles(PlatformOperator.Role);
        auth.SetClaims([new(System.Security.Claims.ClaimTypes.NameIdentifier, op.UserId)]);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<OrganizationsPage>(3);
            builder.CloseComponent();
        });
    }

    private static void Type(IRenderedComponent<IComponent> page, string testId, string value) =>
        page.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    [Fact]
    public async Task The_list_shows_each_organizations_code_name_counts_and_status()
    {
        var code = OperatorKit.NewCode();
        await factory.CustomerAsync(code);
        var page = await RenderAsOperatorAsync();

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("tr.mud-table-row"), r => r.TextContent.Contains(code, StringComparison.Ordinal));
            Assert.Equal("1", row.QuerySelector("[data-testid=org-staff]")!.TextContent);
            Assert.Equal("1", row.QuerySelector("[data-testid=org-videos]")!.TextContent);
            Assert.Equal("1", row.QuerySelector("[data-testid=org-tokens]")!.TextContent);
            Assert.Equal("Active", row.QuerySelector("[data-testid=org-status]")!.TextContent.Trim());
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Creating_with_a_bad_code_shows_the_rule_and_a_good_one_shows_the_admins_link_once()
    {
        var page = await RenderAsOperatorAsync();
        await page.InvokeAsync(() => page.Find("[data-testid=org-create]").Click());
        page.WaitForElement("[data-testid=org-create-dialog]");

        Type(page, "org-name", "Acme Video");
        Type(page, "org-code-input", "Acme Video");
        Type(page, "org-admin-email", "boss@acme.test");
        await page.InvokeAsync(() => page.Find("[data-testid=org-create-confirm]").Click());
        page.WaitForAssertion(() => Assert.Contains(OrganizationRules.CodeRule, page.Markup, StringComparison.Ordinal));

        var code = OperatorKit.NewCode();
        Type(page, "org-code-input", code);
        Type(page, "org-admin-email", $"boss-{code}@acme.test");
        await page.InvokeAsync(() => page.Find("[data-testid=org-create-confirm]").Click());

        var link = page.WaitForElement("[data-testid=staff-link] textarea, textarea[data-testid=staff-link]").GetAttribute("value")
            ?? page.Find("[data-testid=staff-link] textarea").TextContent;
        Assert.Contains("/Account/Invitation?code=", link, StringComparison.Ordinal);
        await page.InvokeAsync(() => page.Find("[data-testid=staff-link-done]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=staff-link-dialog]")));
        Assert.DoesNotContain(link, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_asks_first_then_marks_the_organization_and_reactivate_undoes_it()
    {
        var code = OperatorKit.NewCode();
        await factory.OrganizationAsync(code);
        var page = await RenderAsOperatorAsync();
        AngleSharp.Dom.IElement Row() => page.FindAll("tr.mud-table-row").Single(r => r.TextContent.Contains(code, StringComparison.Ordinal));
        string Status() => Row().QuerySelector("[data-testid=org-status]")!.TextContent.Trim();

        page.WaitForAssertion(() => Assert.Equal("Active", Status()), TimeSpan.FromSeconds(10));
        // Found and clicked in one dispatch: the list may re-render between a find and a click.
        await page.InvokeAsync(() => Row().QuerySelector("[data-testid=org-suspend]")!.Click());
        page.WaitForElement("[data-testid=confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("Suspended", Status()), TimeSpan.FromSeconds(10));
        await page.InvokeAsync(() => Row().QuerySelector("[data-testid=org-reactivate]")!.Click());
        page.WaitForElement("[data-testid=confirm]").Click();
        page.WaitForAssertion(() => Assert.Equal("Active", Status()), TimeSpan.FromSeconds(10));
    }
}
