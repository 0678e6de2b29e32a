using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;

namespace AdminPortal.Tests.Accounts;

/// <summary>Invitations and password-reset links, e-mailed through a real SMTP conversation and followed like a browser.</summary>
public sealed class InvitationTests(MailPortalFixture fixture) : IClassFixture<MailPortalFixture>
{
    private readonly MailPortalFactory factory = fixture.Factory;
    private StaffService Staff => factory.Service<StaffService>();

    private const string NewPassword = "Chosen-Password-7";
    private const string BaseUrl = "http://localhost";

    private async Task<(Actor Admin, string Email, string Link)> InviteAsync(StaffRole role = StaffRole.Editor)
    {
        var admin = await factory.AdminAsync();
        var email = $"invitee-{Guid.NewGuid():N}@demo.test";
        var invited = await Staff.InviteAsync(admin, email, "Ada Invitee", role, BaseUrl);
        Assert.True(invited.IsOk, invited.Message);
        Assert.True(invited.Value!.Link.Mailed);
        var message = await factory.Sink.MessageToAsync(email);
        var link = MailPortalFactory.LinkIn(message);
        Assert.Equal(new Uri(invited.Value.Link.Url).PathAndQuery, link);
        return (admin, email, link);
    }

    private static Dictionary<string, string> Passwords(string password) =>
        new() { ["Input.Password"] = password, ["Input.ConfirmPassword"] = password };

    [Fact]
    public async Task The_invitee_follows_the_mailed_link_chooses_a_password_and_lands_signed_in()
    {
        var (admin, email, link) = await InviteAsync();
        var message = factory.Sink.MessagesTo(email).Single();
        Assert.Contains("invited", message.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Demo Academy", message.Subject, StringComparison.Ordinal);
        var pending = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();
        Assert.True(pending.IsPending);
        Assert.Equal("Ada Invitee", pending.Name);

        var browser = factory.Browser();
        var page = await Forms.TextAsync(await browser.GetAsync(link));
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.Contains("At least 10 characters", page, StringComparison.Ordinal);

        var accepted = await Forms.PostAsync(browser, link, "accept-invitation", Passwords(NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/videos")).StatusCode);
        var active = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();
        Assert.False(active.IsPending);
        Assert.NotNull(active.LastSignInAt);
        // The password works from now on, and the link does not work twice.
        await SignIn.AsAsync(factory, email, NewPassword);
        var again = await Forms.TextAsync(await factory.Browser().GetAsync(link));
        Assert.Contains("This link has already been used", again, StringComparison.Ordinal);
        Assert.DoesNotContain(email, again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_or_mismatched_password_is_refused_and_the_link_still_works()
    {
        var (_, _, link) = await InviteAsync();
        var browser = factory.Browser();

        var weak = await Forms.TextAsync(await Forms.PostAsync(browser, link, "accept-invitation", Passwords("short")));
        var mismatch = await Forms.TextAsync(await Forms.PostAsync(browser, link, "accept-invitation",
            new Dictionary<string, string> { ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword + "x" }));
        var noDigit = await Forms.TextAsync(await Forms.PostAsync(browser, link, "accept-invitation", Passwords("No-Digits-Here")));

        Assert.Contains("Passwords must be at least 10 characters.", weak, StringComparison.Ordinal);
        Assert.Contains("The two passwords are not the same.", mismatch, StringComparison.Ordinal);
        Assert.Contains("Passwords must have at least one digit", noDigit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, link, "accept-invitation", Passwords(NewPassword))).StatusCode);
    }

    [Fact]
    public async Task A_resent_invitation_kills_the_old_link_and_the_new_one_is_mailed()
    {
        var (admin, email, oldLink) = await InviteAsync();
        var member = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();

        var resent = await Staff.ResendInvitationAsync(admin, member.Id, BaseUrl);
        Assert.True(resent.IsOk, resent.Message);
        await WaitForMailCountAsync(email, 2);
        var newLink = MailPortalFactory.LinkIn(factory.Sink.MessagesTo(email)[^1]);

        Assert.NotEqual(oldLink, newLink);
        var old = await Forms.TextAsync(await factory.Browser().GetAsync(oldLink));
        Assert.Contains("This link is not valid", old, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect,
            (await Forms.PostAsync(factory.Browser(), newLink, "accept-invitation", Passwords(NewPassword))).StatusCode);
        // Once accepted there is nothing to resend or cancel.
        Assert.Equal(ResultStatus.Invalid, (await Staff.ResendInvitationAsync(admin, member.Id, BaseUrl)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Staff.CancelInvitationAsync(admin, member.Id)).Status);
    }

    [Fact]
    public async Task A_cancelled_invitation_link_is_refused_and_the_member_is_gone()
    {
        var (admin, email, link) = await InviteAsync();
        var member = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();

        Assert.True((await Staff.CancelInvitationAsync(admin, member.Id)).IsOk);

        var page = await Forms.TextAsync(await factory.Browser().GetAsync(link));
        Assert.Contains("This link is not valid", page, StringComparison.Ordinal);
        Assert.Empty((await Staff.ListAsync(admin, email, 0, 20)).Value!.Items);
        // A replayed form post finds no form to answer and changes nothing.
        var post = await Forms.PostAsync(factory.Browser(), link, "accept-invitation", Passwords(NewPassword), "/Account/Login");
        Assert.True((int)post.StatusCode < 500, post.StatusCode.ToString());
        Assert.Empty((await Staff.ListAsync(admin, email, 0, 20)).Value!.Items);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(factory.Browser(), email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_invitation_expires_after_seven_days()
    {
        var (_, email, link) = await InviteAsync();
        factory.Clock.Advance(StaffRules.InvitationLifetime + TimeSpan.FromMinutes(1));
        try
        {
            var page = await Forms.TextAsync(await factory.Browser().GetAsync(link));
            Assert.Contains("This link has expired", page, StringComparison.Ordinal);
            Assert.DoesNotContain(email, page, StringComparison.Ordinal);
        }
        finally
        {
            factory.Clock.Advance(-(StaffRules.InvitationLifetime + TimeSpan.FromMinutes(1)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?code=")]
    [InlineData("?code=not-a-real-code")]
    public async Task A_made_up_link_gets_the_same_plain_refusal(string query)
    {
        var invitation = await Forms.TextAsync(await factory.Browser().GetAsync("/Account/Invitation" + query));
        var reset = await Forms.TextAsync(await factory.Browser().GetAsync("/Account/ResetPassword" + query));
        Assert.Contains("This link is not valid", invitation, StringComparison.Ordinal);
        Assert.Contains("This link is not valid", reset, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_ends_old_sessions_and_works_once()
    {
        var admin = await factory.AdminAsync();
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var oldSession = await SignIn.AsAsync(factory, editor.Name);

        var issued = await Staff.IssuePasswordResetAsync(admin, editor.UserId, BaseUrl);
        Assert.True(issued.IsOk, issued.Message);
        var link = MailPortalFactory.LinkIn(await factory.Sink.MessageToAsync(editor.Name));
        // The old password keeps working until a new one is chosen.
        await SignIn.AsAsync(factory, editor.Name);

        var done = await Forms.TextAsync(await Forms.PostAsync(factory.Browser(), link, "reset-password", Passwords(NewPassword)));

        Assert.Contains("Your password was changed", done, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(factory.Browser(), editor.Name, PortalFactory.Password)).StatusCode);
        await SignIn.AsAsync(factory, editor.Name, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, (await oldSession.GetAsync("/videos")).StatusCode);
        Assert.Contains("This link has already been used", await Forms.TextAsync(await factory.Browser().GetAsync(link)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_links_are_for_active_members_of_the_admins_own_organization()
    {
        var (admin, email, _) = await InviteAsync();
        var pending = (await Staff.ListAsync(admin, email, 0, 20)).Value!.Items.Single();
        var stranger = await factory.StaffAsync(StaffRole.Admin, orgCode: "elsewhere");

        Assert.Equal(ResultStatus.Invalid, (await Staff.IssuePasswordResetAsync(admin, pending.Id, BaseUrl)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Staff.IssuePasswordResetAsync(stranger, admin.UserId, BaseUrl)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Staff.ResendInvitationAsync(stranger, pending.Id, BaseUrl)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Staff.CancelInvitationAsync(stranger, pending.Id)).Status);
    }

    private async Task WaitForMailCountAsync(string email, int count)
    {
        for (var i = 0; i < 100 && factory.Sink.MessagesTo(email).Count < count; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(count, factory.Sink.MessagesTo(email).Count);
    }
}
