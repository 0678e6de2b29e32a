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
    [InlineData("*.com", "a wildcard needs a domain under it")]
    [InlineData("school.*.example.com", "a wildcard may only start the entry")]
    [InlineData("ftp://school.example.com", "enter the domain only")]
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
    public async Task Pasted_page_addresses_are_cleaned_to_their_host_and_wildcards_are_kept()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "settings-clean");

        var result = await Settings.UpdateAsync(admin,
            ["https://School.Example.com/path?x=1", "http://lms.example.org:8443/", "portal.example.net/course/7", "*.Example.edu", "https://*.cdn.example.com/x"], false);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(["school.example.com", "lms.example.org", "portal.example.net", "*.example.edu", "*.cdn.example.com"], result.Value!.AllowedDomains);
    }

    [Theory]
    [InlineData("https://school.example.com/course", true, "Yes: school.example.com is on the list.")]
    [InlineData("a.b.example.edu/x", true, "Yes: a.b.example.edu is covered by *.example.edu.")]
    [InlineData("https://example.edu/", true, "Yes: example.edu is covered by *.example.edu.")]
    [InlineData("https://www.school.example.com/", false, "No: www.school.example.com is not on the list. Add www.school.example.com (or *.school.example.com for all its neighbours) and save.")]
    [InlineData("mailto:x@example.com", false, "That is not a web page address.")]
    public void Testing_a_page_url_says_whether_it_could_embed_and_why(string url, bool allowed, string why)
    {
        var (isAllowed, text) = AdminPortal.Web.Playback.EmbedSitePolicy.Explain(["school.example.com", "*.example.edu"], url);

        Assert.Equal(allowed, isAllowed);
        Assert.StartsWith(why, text, StringComparison.Ordinal);
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
