using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Operators;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Operators;

/// <summary>Creating, listing and renaming organizations; the first Admin's link works like any invitation.</summary>
public sealed class OrganizationAdminTests(OperatorPortalFixture fixture) : IClassFixture<OperatorPortalFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private OrganizationAdminService Organizations => factory.Service<OrganizationAdminService>();
    private const string BaseUrl = "http://localhost";

    public static TheoryData<string?, string> BadCodes => new()
    {
        { "", "Enter a code." },
        { null, "Enter a code." },
        { "a", OrganizationRules.CodeRule },
        { new string('a', 33), OrganizationRules.CodeRule },
        { "Acme", OrganizationRules.CodeRule },
        { "acme video", OrganizationRules.CodeRule },
        { "acme_video", OrganizationRules.CodeRule },
        { "acme/video", OrganizationRules.CodeRule },
        { "acmé", OrganizationRules.CodeRule },
        { "acme.video", OrganizationRules.CodeRule },
    };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task A_bad_code_is_refused_with_the_rule_and_creates_nothing(string? code, string message)
    {
        var before = await CountsAsync();
        var result = await Organizations.CreateAsync(await factory.OperatorAsync(), code, "Acme Video", $"{Guid.NewGuid():N}@acme.test", BaseUrl);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, Assert.Single(result.Errors.For("code")), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Name_and_email_are_checked_and_every_bad_field_is_named_at_once()
    {
        var result = await Organizations.CreateAsync(await factory.OperatorAsync(), "ok-code", "  ", "not an e-mail", BaseUrl);

        Assert.Equal(["adminEmail", "name"], result.Errors.Fields.Order(StringComparer.Ordinal));
        var tooLong = await Organizations.CreateAsync(await factory.OperatorAsync(), OperatorKit.NewCode(), new string('n', 201), "a@b.test", BaseUrl);
        Assert.Equal("At most 200 characters.", Assert.Single(tooLong.Errors.For("name")));
        var broken = await Organizations.CreateAsync(await factory.OperatorAsync(), OperatorKit.NewCode(), "Bad\ud800name", "a@b.test", BaseUrl);
        Assert.Single(broken.Errors.For("name"));
    }

    [Fact]
    public async Task A_taken_code_or_an_existing_account_email_is_refused()
    {
        var op = await factory.OperatorAsync();
        var taken = await Organizations.CreateAsync(op, PortalFactory.OrgCode, "Another demo", $"{Guid.NewGuid():N}@x.test", BaseUrl);
        Assert.Contains("is taken", Assert.Single(taken.Errors.For("code")), StringComparison.Ordinal);

        var staffEmail = await Organizations.CreateAsync(op, OperatorKit.NewCode(), "Acme", PortalFactory.AdminEmail, BaseUrl);
        Assert.Contains("already has an account", Assert.Single(staffEmail.Errors.For("adminEmail")), StringComparison.Ordinal);
        var operatorEmail = await Organizations.CreateAsync(op, OperatorKit.NewCode(), "Acme", OperatorPortalFixture.OperatorEmail, BaseUrl);
        Assert.Single(operatorEmail.Errors.For("adminEmail"));
    }

    [Fact]
    public async Task Two_operators_racing_for_one_code_get_one_organization()
    {
        var op = await factory.OperatorAsync();
        var code = OperatorKit.NewCode();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Organizations.CreateAsync(op, code, "Race " + i, $"race-{i}-{Guid.NewGuid():N}@x.test", BaseUrl)));

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Contains("is taken", r.Errors.For("code")[0], StringComparison.Ordinal));
        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.Organizations.CountAsync(o => o.Code == code));
    }

    [Fact]
    public async Task The_first_admin_opens_the_link_chooses_a_password_and_runs_the_new_organization()
    {
        var code = OperatorKit.NewCode();
        var email = $"first-admin-{Guid.NewGuid():N}@acme.test";
        var created = await Organizations.CreateAsync(await factory.OperatorAsync(), "  " + code + " ", " Acme Video ", email, BaseUrl);
        Assert.True(created.IsOk, created.Message);
        Assert.Equal(code, created.Value!.Organization.Code);
        Assert.Equal("Acme Video", created.Value.Organization.Name);
        Assert.False(created.Value.Link.Mailed);

        var link = new Uri(created.Value.Link.Url).PathAndQuery;
        Assert.StartsWith("/Account/Invitation?code=", link, StringComparison.Ordinal);
        var browser = factory.Browser();
        Assert.Contains(email, await Forms.TextAsync(await browser.GetAsync(link)), StringComparison.Ordinal);
        var accepted = await Forms.PostAsync(browser, link, "accept-invitation",
            new Dictionary<string, string> { ["Input.Password"] = "Acme-Admin-2026", ["Input.ConfirmPassword"] = "Acme-Admin-2026" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        // Signed in as the new organization's Admin: its (empty) videos and its staff page, which lists them.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
        var staff = await Forms.TextAsync(await browser.GetAsync("/staff"));
        Assert.Contains(email, staff, StringComparison.Ordinal);
        Assert.DoesNotContain(PortalFactory.AdminEmail, staff, StringComparison.Ordinal);
        // The link was for once.
        Assert.Contains("already been used", await Forms.TextAsync(await factory.Browser().GetAsync(link)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_pages_and_counts_staff_videos_and_tokens_per_organization()
    {
        var prefix = "cnt-" + Guid.NewGuid().ToString("N")[..6];
        var (admin, video, _) = await factory.CustomerAsync(prefix + "-a");
        await factory.StaffAsync(StaffRole.Viewer, prefix + "-a");
        await factory.Service<TokenService>().CreateAsync(admin, video.Id, new TokenChanges());
        await factory.VideoAsync(prefix + "-a");
        await factory.OrganizationAsync(prefix + "-b");

        var page = (await Organizations.ListAsync(await factory.OperatorAsync(), prefix, 0, 20)).Value!;

        Assert.Equal(2, page.TotalCount);
        var a = page.Items[0];
        Assert.Equal((prefix + "-a", 2, 2, 2L), (a.Code, a.StaffCount, a.VideoCount, a.TokenCount));
        var b = page.Items[1];
        Assert.Equal((0, 0, 0L), (b.StaffCount, b.VideoCount, b.TokenCount));
        var second = (await Organizations.ListAsync(await factory.OperatorAsync(), prefix, 1, 1)).Value!;
        Assert.Equal(prefix + "-b", Assert.Single(second.Items).Code);
        Assert.Equal(2, second.TotalCount);
    }

    [Fact]
    public async Task Rename_changes_the_name_only_and_refuses_a_bad_one()
    {
        var code = OperatorKit.NewCode();
        var organization = await factory.OrganizationAsync(code);
        var op = await factory.OperatorAsync();

        Assert.True((await Organizations.RenameAsync(op, organization.Id, "  Renamed Ltd  ")).IsOk);
        Assert.Equal(ResultStatus.Invalid, (await Organizations.RenameAsync(op, organization.Id, "")).Status);
        Assert.Equal(ResultStatus.NotFound, (await Organizations.RenameAsync(op, int.MaxValue, "Ghost")).Status);

        await using var db = await factory.DbAsync();
        var stored = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
        Assert.Equal(("Renamed Ltd", code), (stored.Name, stored.Code));
    }

    [Fact]
    public async Task Operator_actions_are_audited_in_the_organizations_own_log_once_each()
    {
        var op = await factory.OperatorAsync();
        var code = OperatorKit.NewCode();
        var created = await Organizations.CreateAsync(op, code, "Audited Ltd", $"audited-{Guid.NewGuid():N}@acme.test", BaseUrl);
        var id = created.Value!.Organization.Id;
        await Organizations.RenameAsync(op, id, "Audited Group");
        await Organizations.RenameAsync(op, id, "Audited Group");
        await Organizations.SuspendAsync(op, id);
        await Organizations.SuspendAsync(op, id);
        await Organizations.ReactivateAsync(op, id);
        Assert.Equal(ResultStatus.Invalid, (await Organizations.RenameAsync(op, id, "")).Status);

        await using var db = await factory.DbAsync();
        var entries = await db.AuditEntries.Where(e => e.OrganizationId == id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [AuditActions.OrganizationCreated, AuditActions.OrganizationRenamed, AuditActions.OrganizationSuspended, AuditActions.OrganizationReactivated],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((AuditActorKind.Operator, op.UserId, "organization", code), (e.ActorKind, e.ActorId, e.TargetType, e.TargetId)));
        Assert.Contains(op.Name, entries[0].ActorName, StringComparison.Ordinal);
        Assert.Equal("Name: \"Audited Ltd\" → \"Audited Group\"", entries[1].Summary);
    }

    private async Task<(int Organizations, int Users)> CountsAsync()
    {
        await using var db = await factory.DbAsync();
        return (await db.Organizations.CountAsync(), await db.Users.CountAsync());
    }
}
