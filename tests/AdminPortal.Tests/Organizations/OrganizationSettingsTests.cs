using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Organizations;

public sealed class OrganizationSettingsTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private OrganizationSettingsService Settings => factory.Service<OrganizationSettingsService>();

    [Fact]
    public async Task Admin_saves_domains_normalised_to_lowercase_without_duplicates()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "settings-ok");

        var result = await Settings.UpdateAsync(admin, [" School.Example.COM ", "school.example.com", "lms.example.org.", "bücher.example"], allowEmptyReferrer: false);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(["school.example.com", "lms.example.org", "xn--bcher-kva.example"], result.Value!.AllowedDomains);
        var read = await Settings.GetAsync(admin);
        Assert.Equal(result.Value.AllowedDomains, read.Value!.AllowedDomains);
        Assert.False(read.Value.AllowEmptyReferrer);
    }

    [Theory]
    [InlineData("*.example.com", "wildcards are not supported")]
    [InlineData("https://school.example.com", "without http://")]
    [InlineData("school.example.com/path", "without http://")]
    [InlineData("school.example.com:8080", "without a port")]
    [InlineData("not a domain", "not a valid domain name")]
    [InlineData("-bad-.example.com", "not a valid domain name")]
    public async Task Bad_domains_are_refused_with_a_clear_message_and_nothing_changes(string domain, string message)
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "settings-bad");
        await Settings.UpdateAsync(admin, ["kept.example.com"], allowEmptyReferrer: true);

        var result = await Settings.UpdateAsync(admin, ["fine.example.com", domain], allowEmptyReferrer: false);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors.For(DomainRules.Field));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(domain, error, StringComparison.Ordinal);
        var read = await Settings.GetAsync(admin);
        Assert.Equal(["kept.example.com"], read.Value!.AllowedDomains);
        Assert.True(read.Value.AllowEmptyReferrer);
    }

    [Fact]
    public async Task More_than_fifty_domains_are_refused()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "settings-many");

        var fifty = await Settings.UpdateAsync(admin, Enumerable.Range(1, 50).Select(i => $"site{i}.example.com"), true);
        var fiftyOne = await Settings.UpdateAsync(admin, Enumerable.Range(1, 51).Select(i => $"site{i}.example.com"), true);

        Assert.True(fifty.IsOk);
        Assert.Equal(ResultStatus.Invalid, fiftyOne.Status);
        Assert.Contains("At most 50 domains", fiftyOne.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StaffRole.Editor)]
    [InlineData(StaffRole.Viewer)]
    public async Task Only_admins_change_settings(StaffRole role)
    {
        var member = await factory.StaffAsync(role, "settings-roles");

        var result = await Settings.UpdateAsync(member, ["school.example.com"], true);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Empty((await Settings.GetAsync(member)).Value!.AllowedDomains);
    }

    [Fact]
    public async Task Settings_page_is_for_admins_only()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var admin = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var notAdmin = await SignIn.AsAsync(factory, editor.Name);

        var page = await admin.GetAsync("/settings");
        var refused = await notAdmin.GetAsync("/settings");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Allowed domains", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
