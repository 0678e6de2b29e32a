using AdminPortal.E2E.Infrastructure;
using AdminPortal.E2E.Pages;
using AdminPortal.Web.Data;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Webhooks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WebhookTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_Admin_adds_an_endpoint_and_sees_playback_started_in_its_delivery_log_and_the_audit_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var staff = await browser.NewSessionAsync(width: 1440, height: 900);
        await new LoginPage(staff.Page).SignInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await staff.Page.WaitForURLAsync("**/videos");
        var shell = new Shell(staff.Page);
        await shell.WaitForInteractiveAsync();
        await shell.OpenNavAsync("Webhooks", "settings/webhooks");
        await shell.WaitForInteractiveAsync();
        var webhooks = new Pages.WebhooksPage(staff.Page);

        var secret = await webhooks.AddAsync(receiver.Url, WebhookEvents.TokenCreated);
        await Assertions.Expect(webhooks.Rows).ToHaveCountAsync(1);
        await Assertions.Expect(webhooks.Rows.First).ToContainTextAsync(receiver.Url);

        // The organization's backend mints a token; a viewer plays it on the organization's site (another origin).
        var admin = await AdminAsync();
        string videoId;
        await using (var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync())
        {
            videoId = await db.Videos.Where(v => v.Title == "Product demo").Select(v => v.Id).SingleAsync();
        }
        var token = await browser.Portal.Service<TokenService>().CreateAsync(admin, videoId, new TokenChanges());
        Assert.True(token.IsOk, token.Message);
        await using var site = await EmbeddingSite.StartAsync(browser.Portal.BaseUrl);
        await using var viewer = await browser.NewSessionAsync();
        await viewer.Page.GotoAsync(site.PageFor(PlaybackUrls.Embed(browser.Portal.BaseUrl, admin.OrganizationCode, videoId, token.Value!.Code) + "&autoplay=1&muted=1"));
        await new PlayerFrame(viewer.Page).WaitUntilPlayingAsync();

        var started = await receiver.WaitForAsync(WebhookEvents.PlaybackStarted);
        Assert.True(WebhookSignature.Verify(secret, started.Id, started.Timestamp, started.Body, started.Signature), "playback.started does not verify with the secret shown.");
        Assert.Contains(token.Value.Code.ToString(), started.Body, StringComparison.Ordinal);
        await receiver.WaitForAsync(WebhookEvents.TokenCreated);

        await webhooks.OpenLogAsync();
        await shell.WaitForInteractiveAsync();
        await Assertions.Expect(webhooks.DeliveryTypes.Filter(new() { HasText = WebhookEvents.PlaybackStarted })).ToHaveCountAsync(1);
        await Assertions.Expect(webhooks.DeliveryStatuses.First).ToHaveTextAsync("200 OK");
        await staff.ScreenshotAsync("webhook-delivery-log");

        await shell.OpenNavAsync("Audit log", "audit");
        await shell.WaitForInteractiveAsync();
        var audit = new AuditLogPage(staff.Page);
        await Assertions.Expect(audit.Actions.Filter(new() { HasText = "webhook.created" })).ToHaveCountAsync(1);
        await Assertions.Expect(audit.Actions.Filter(new() { HasText = "staff.signed_in" }).First).ToBeVisibleAsync();
        await staff.ScreenshotAsync("audit-log");
        staff.AssertNoConsoleErrors();
        viewer.AssertNoConsoleErrors();
    }

    private async Task<Actor> AdminAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalServer.AdminEmail)
            ?? throw new InvalidOperationException("Seeded admin missing.");
        await using var db = await browser.Portal.Service<IDbContextFactory<AdminPortalDbContext>>().CreateDbContextAsync();
        var organization = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
        return new Actor(user.Id, user.Email!, organization.Id, organization.Code, StaffRole.Admin);
    }
}
