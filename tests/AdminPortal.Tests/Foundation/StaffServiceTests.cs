using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Foundation;

public sealed class StaffServiceTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private StaffService Staff => factory.Service<StaffService>();

    [Theory]
    [InlineData(StaffRole.Viewer)]
    [InlineData(StaffRole.Editor)]
    public async Task Non_admins_are_refused_by_every_staff_action(StaffRole role)
    {
        var member = await factory.StaffAsync(role);
        var admin = await factory.AdminAsync();

        Assert.Equal(ResultStatus.Forbidden, (await Staff.ListAsync(member, null, 0, 20)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.InviteAsync(member, "new@demo.test", null, StaffRole.Admin, "http://localhost")).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.ResendInvitationAsync(member, admin.UserId, "http://localhost")).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.CancelInvitationAsync(member, admin.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.IssuePasswordResetAsync(member, admin.UserId, "http://localhost")).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.EndSessionsAsync(member, admin.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.ChangeRoleAsync(member, member.UserId, StaffRole.Admin)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.SetLockedAsync(member, admin.UserId, true)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Staff.RemoveAsync(member, admin.UserId)).Status);
        Assert.Equal(StaffRole.Admin, (await Staff.ListAsync(admin, admin.Name, 0, 20)).Value!.Items.Single().Role);
    }

    [Fact]
    public async Task Admin_adds_changes_locks_and_unlocks_staff()
    {
        var admin = await factory.AdminAsync();
        var email = $"editor-{Guid.NewGuid():N}@demo.test";

        var invited = await Staff.InviteAsync(admin, email, "Eddie Editor", StaffRole.Editor, "http://localhost");
        Assert.True(invited.IsOk, invited.Message);
        var added = Result<StaffMember>.Ok(invited.Value!.Member);

        var changed = await Staff.ChangeRoleAsync(admin, added.Value!.Id, StaffRole.Viewer);
        Assert.Equal(StaffRole.Viewer, changed.Value!.Role);

        Assert.True((await Staff.SetLockedAsync(admin, added.Value.Id, true)).IsOk);
        var listed = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();
        Assert.True(listed.IsLockedOut);
        Assert.Equal(StaffRole.Viewer, listed.Role);

        Assert.True((await Staff.SetLockedAsync(admin, added.Value.Id, false)).IsOk);
        Assert.False((await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single().IsLockedOut);
    }

    [Fact]
    public async Task Invalid_new_staff_gets_field_errors_and_nothing_is_created()
    {
        var admin = await factory.AdminAsync();

        var badEmail = await Staff.InviteAsync(admin, "not-an-email", null, StaffRole.Editor, "http://localhost");
        var longName = await Staff.InviteAsync(admin, "long@demo.test", new string('n', StaffRules.MaxNameLength + 1), StaffRole.Editor, "http://localhost");
        var badRole = await Staff.InviteAsync(admin, "role@demo.test", null, (StaffRole)42, "http://localhost");
        var duplicate = await Staff.InviteAsync(admin, PortalFactory.AdminEmail, null, StaffRole.Editor, "http://localhost");

        Assert.Contains("email", badEmail.Errors.Fields);
        Assert.Contains("name", longName.Errors.Fields);
        Assert.Contains("role", badRole.Errors.Fields);
        Assert.Contains("email", duplicate.Errors.Fields);
        Assert.Empty((await Staff.ListAsync(admin, "long@", 0, 20)).Value!.Items);
        Assert.Empty((await Staff.ListAsync(admin, "role@", 0, 20)).Value!.Items);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_locked_or_removed()
    {
        // A separate organization, so other tests' admins do not count.
        var admin = await factory.StaffAsync(StaffRole.Admin, orgCode: "solo");
        var other = await factory.StaffAsync(StaffRole.Editor, orgCode: "solo");

        Assert.Equal(ResultStatus.Invalid, (await Staff.ChangeRoleAsync(admin, admin.UserId, StaffRole.Editor)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Staff.SetLockedAsync(admin, admin.UserId, true)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Staff.RemoveAsync(admin, admin.UserId)).Status);

        // With a second Admin, the first may step down.
        Assert.True((await Staff.ChangeRoleAsync(admin, other.UserId, StaffRole.Admin)).IsOk);
        Assert.True((await Staff.ChangeRoleAsync(admin, admin.UserId, StaffRole.Editor)).IsOk);
    }

    [Fact]
    public async Task Admins_never_see_or_touch_another_organizations_staff()
    {
        var admin = await factory.AdminAsync();
        var outsider = await factory.StaffAsync(StaffRole.Editor, orgCode: "other");

        var list = await Staff.ListAsync(admin, null, 0, 100);
        Assert.DoesNotContain(list.Value!.Items, m => m.Id == outsider.UserId);
        Assert.Equal(ResultStatus.NotFound, (await Staff.ChangeRoleAsync(admin, outsider.UserId, StaffRole.Viewer)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Staff.SetLockedAsync(admin, outsider.UserId, true)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Staff.RemoveAsync(admin, outsider.UserId)).Status);
    }
}
