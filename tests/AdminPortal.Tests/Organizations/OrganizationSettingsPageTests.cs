using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Organizations;

public sealed class OrganizationSettingsPageTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    [Fact]
    public async Task A_pasted_url_saves_as_its_host_old_errors_clear_and_the_test_box_explains_a_page()
    {
        Services.AddSingleton(Factory.Service<OrganizationSettingsService>());
        var admin = await Factory.StaffAsync(StaffRole.Admin, "settings-page");
        SignInAs(admin);
        var cut = RenderWithProviders<OrganizationSettingsPage>(_ => { });
        cut.WaitForAssertion(() => cut.Find("textarea[data-testid=settings-domains]"));

        cut.Find("textarea[data-testid=settings-domains]").Input("bad domain!");
        await cut.InvokeAsync(() => cut.Find("button[data-testid=settings-save]").Click());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=settings-error]")));

        cut.Find("textarea[data-testid=settings-domains]").Input("https://school.example.com/path\n*.example.edu");
        await cut.InvokeAsync(() => cut.Find("button[data-testid=settings-save]").Click());

        cut.WaitForAssertion(() => Assert.Equal("school.example.com\n*.example.edu", cut.Find("textarea[data-testid=settings-domains]").GetAttribute("value")
            ?? cut.Find("textarea[data-testid=settings-domains]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=settings-error]"));

        cut.Find("input[data-testid=settings-test-url]").Input("https://lms.example.edu/course/7");
        await cut.InvokeAsync(() => cut.Find("button[data-testid=settings-test]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Yes: lms.example.edu is covered by *.example.edu.", cut.Find("[data-testid=settings-test-result]").TextContent.Trim()));
        cut.Find("input[data-testid=settings-test-url]").Input("https://pirate.example.net/");
        await cut.InvokeAsync(() => cut.Find("button[data-testid=settings-test]").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("No: pirate.example.net is not on the list.", cut.Find("[data-testid=settings-test-result]").TextContent.Trim(), StringComparison.Ordinal));
    }
}
