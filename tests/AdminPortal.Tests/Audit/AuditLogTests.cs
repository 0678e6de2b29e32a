using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using AdminPortal.Web.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Audit;

public sealed class AuditLogTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Every_staff_action_is_recorded_with_who_what_target_and_a_summary()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var video = await factory.VideoAsync(org, "Lecture 1");
        var tokens = factory.Service<TokenService>();

        // Sign-in, and a failed one.
        await SignIn.AsAsync(factory, admin.Name);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(factory.Browser(), admin.Name, "Wrong-Password-9")).StatusCode);

        // Tokens: create, update, revoke, and a bulk revoke.
        var token = (await tokens.CreateAsync(admin, video.Id, new TokenChanges { TimeToLive = (long?)60 })).Value!;
        Assert.True((await tokens.UpdateAsync(admin, video.Id, token.Code, new TokenChanges { ExpiresAfterFirstUsage = true })).IsOk);
        Assert.True((await tokens.RevokeAsync(admin, video.Id, token.Code)).IsOk);
        var more = new[] { (await tokens.CreateAsync(admin, video.Id, new TokenChanges())).Value!.Code, (await tokens.CreateAsync(admin, video.Id, new TokenChanges())).Value!.Code };
        Assert.Equal(2, (await tokens.RevokeManyAsync(admin, video.Id, more)).Value);

        // Videos: upload, rename, delete.
        var videos = factory.Service<VideoService>();
        var upload = factory.Service<MediaStore>().NewTempPath();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-vp9.webm"), upload);
        var uploaded = await videos.AddUploadedAsync(admin, "Uploaded", upload, null);
        Assert.True(uploaded.IsOk, uploaded.Message);
        Assert.True((await videos.DeleteAsync(admin, uploaded.Value!.Id)).IsOk);
        Assert.True((await videos.RenameAsync(admin, video.Id, "Lecture 1 (new)")).IsOk);

        // Settings and domains.
        var settings = factory.Service<OrganizationSettingsService>();
        Assert.True((await settings.UpdateAsync(admin, ["school.example"], allowEmptyReferrer: false)).IsOk);
        Assert.True((await settings.SetRequireTwoFactorAsync(admin, true)).IsOk);

        // Staff: invited, role changed, removed.
        using (var scope = factory.Services.CreateScope())
        {
            var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
            var invited = await staff.InviteAsync(admin, $"new-{Guid.NewGuid():N}@{org}.test", "New One", StaffRole.Viewer, "http://localhost");
            Assert.True(invited.IsOk, invited.Message);
            Assert.True((await staff.ChangeRoleAsync(admin, invited.Value!.Member.Id, StaffRole.Editor)).IsOk);
            Assert.True((await staff.RemoveAsync(admin, invited.Value.Member.Id)).IsOk);
        }

        // API keys: created, revoked.
        var keys = factory.Service<ApiKeyService>();
        var key = await keys.CreateAsync(admin, "CRM");
        Assert.True((await keys.RevokeAsync(admin, key.Value!.View.Id)).IsOk);

        // Webhooks: created, changed, secret rotated, deleted.
        var webhooks = factory.Service<WebhookService>();
        var endpoint = await webhooks.CreateAsync(admin, new WebhookChanges
        {
            Url = new Optional<string?>(true, "https://93.184.216.34/hook"),
            Events = new Optional<IReadOnlyList<string>?>(true, [WebhookEvents.PlaybackStarted]),
        });
        Assert.True(endpoint.IsOk, endpoint.Message);
        Assert.True((await webhooks.UpdateAsync(admin, endpoint.Value!.Endpoint.Id, new WebhookChanges { Enabled = false })).IsOk);
        Assert.True((await webhooks.RotateSecretAsync(admin, endpoint.Value.Endpoint.Id)).IsOk);
        Assert.True((await webhooks.DeleteAsync(admin, endpoint.Value.Endpoint.Id)).IsOk);

        var log = (await factory.Service<AuditQueries>().ListAsync(admin, new AuditQuery(Limit: 100))).Value!;
        var actions = log.Items.Select(e => e.Action).ToHashSet();
        foreach (var action in new[]
        {
            AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.TokenCreated, AuditActions.TokenUpdated, AuditActions.TokenRevoked,
            AuditActions.TokensRevoked, AuditActions.VideoUploaded, AuditActions.VideoRenamed, AuditActions.VideoDeleted, AuditActions.SettingsChanged,
            AuditActions.StaffInvited, AuditActions.StaffRoleChanged, AuditActions.StaffRemoved, AuditActions.ApiKeyCreated, AuditActions.ApiKeyRevoked,
            AuditActions.WebhookCreated, AuditActions.WebhookUpdated, AuditActions.WebhookSecretRotated, AuditActions.WebhookDeleted,
        })
        {
            Assert.True(actions.Contains(action), $"No audit entry for {action}; have {string.Join(", ", actions)}.");
        }
        Assert.All(log.Items, e => Assert.Equal(AuditActorKind.Staff, e.ActorKind));
        Assert.All(log.Items.Where(e => e.Action != AuditActions.SignInFailed), e => Assert.Equal(admin.Name, e.ActorName));
        // (The address is recorded from the connection; the in-memory test server has none, the browser tests show it.)
        var update = log.Items.Single(e => e.Action == AuditActions.TokenUpdated);
        Assert.Equal(("token", token.Code.ToString()), (update.TargetType, update.TargetId));
        Assert.Contains("reusable, no watermark → ", update.Summary, StringComparison.Ordinal);
        Assert.Contains("single use", update.Summary, StringComparison.Ordinal);
        Assert.Contains("\"Lecture 1\" → \"Lecture 1 (new)\"", log.Items.Single(e => e.Action == AuditActions.VideoRenamed).Summary, StringComparison.Ordinal);
        Assert.Contains("2 tokens", log.Items.Single(e => e.Action == AuditActions.TokensRevoked).Summary, StringComparison.Ordinal);
        Assert.Contains("Viewer → Editor", log.Items.Single(e => e.Action == AuditActions.StaffRoleChanged).Summary, StringComparison.Ordinal);
        Assert.Contains("school.example", log.Items.First(e => e.Action == AuditActions.SettingsChanged && e.Summary!.Contains("domains")).Summary,
            StringComparison.Ordinal);
        // Newest first.
        Assert.Equal(log.Items.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id), log.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task An_API_key_is_recorded_as_the_key()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var code = (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created))["code"]!.GetValue<string>();

        await using var db = await factory.DbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.OrganizationId == admin.OrganizationId && e.Action == AuditActions.TokenCreated);
        Assert.Equal(AuditActorKind.ApiKey, entry.ActorKind);
        Assert.Contains(admin.Name, entry.ActorName, StringComparison.Ordinal);
        Assert.StartsWith("API key ", entry.ActorName, StringComparison.Ordinal);
        Assert.Equal(code, entry.TargetId);
        // The login that made the key is there too.
        Assert.True(await db.AuditEntries.AnyAsync(e => e.OrganizationId == admin.OrganizationId && e.Action == AuditActions.ApiKeyCreated));
    }

    [Fact]
    public async Task Admins_read_only_their_organizations_log_with_filters_and_paging()
    {
        var orgA = NewOrg();
        var orgB = NewOrg();
        var adminA = await factory.StaffAsync(StaffRole.Admin, orgA);
        var adminB = await factory.StaffAsync(StaffRole.Admin, orgB);
        var editorA = await factory.StaffAsync(StaffRole.Editor, orgA);
        var videoA = await factory.VideoAsync(orgA);
        var videoB = await factory.VideoAsync(orgB);
        var tokens = factory.Service<TokenService>();
        for (var i = 0; i < 5; i++)
        {
            await tokens.CreateAsync(adminA, videoA.Id, new TokenChanges());
        }
        var codeB = (await tokens.CreateAsync(adminB, videoB.Id, new TokenChanges())).Value!.Code;
        await factory.Service<VideoService>().RenameAsync(editorA, videoA.Id, "Renamed");
        var queries = factory.Service<AuditQueries>();

        var all = (await queries.ListAsync(adminA, new AuditQuery())).Value!;
        Assert.Equal(6, all.TotalCount);
        Assert.DoesNotContain(all.Items, e => e.TargetId == codeB.ToString());
        var page = (await queries.ListAsync(adminA, new AuditQuery(Action: AuditActions.TokenCreated, Offset: 2, Limit: 2))).Value!;
        Assert.Equal((5, 2), (page.TotalCount, page.Items.Count));
        Assert.Equal(1, (await queries.ListAsync(adminA, new AuditQuery(Who: editorA.Name[..8].ToUpperInvariant()))).Value!.TotalCount);
        Assert.Equal(1, (await queries.ListAsync(adminA, new AuditQuery(Target: videoA.Id))).Value!.TotalCount);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(0, (await queries.ListAsync(adminA, new AuditQuery(From: now.AddMinutes(1)))).Value!.TotalCount);
        Assert.Equal(6, (await queries.ListAsync(adminA, new AuditQuery(From: now.AddMinutes(-1), To: now.AddMinutes(1)))).Value!.TotalCount);
        Assert.Equal(Web.Common.ResultStatus.Forbidden, (await queries.ListAsync(editorA, new AuditQuery())).Status);
        Assert.Single((await queries.ListAsync(adminB, new AuditQuery())).Value!.Items);
    }

    [Fact]
    public async Task The_CSV_export_is_for_Admins_and_holds_the_filtered_entries()
    {
        var admin = await factory.AdminAsync();
        var video = await factory.VideoAsync(title: "Export, \"quoted\"");
        await factory.Service<VideoService>().RenameAsync(admin, video.Id, "=SUM(A1)");
        var browser = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var answer = await browser.GetAsync("/audit/export.csv?action=" + AuditActions.VideoRenamed);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
        var lines = (await answer.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time_utc,actor_kind,actor,ip_address,action,target_type,target_id,summary", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("video.renamed", row, StringComparison.Ordinal);
        // Quotes doubled inside a quoted cell.
        Assert.Contains("\"\"quoted\"\"", row, StringComparison.Ordinal);
        Assert.Contains("=SUM(A1)", row, StringComparison.Ordinal);

        var editor = await factory.StaffAsync(StaffRole.Editor);
        var editorBrowser = await SignIn.AsAsync(factory, editor.Name);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorBrowser.GetAsync("/audit/export.csv")).StatusCode);
    }

    [Fact]
    public async Task Entries_older_than_the_retention_period_are_cleaned_and_newer_ones_kept()
    {
        var org = await factory.OrganizationAsync(NewOrg());
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await factory.DbAsync())
        {
            db.AuditEntries.Add(new AuditEntry { OrganizationId = org.Id, At = now.AddDays(-366), ActorName = "old", Action = AuditActions.TokenCreated });
            db.AuditEntries.Add(new AuditEntry { OrganizationId = org.Id, At = now.AddDays(-364), ActorName = "kept", Action = AuditActions.TokenCreated });
            await db.SaveChangesAsync();
        }

        Assert.True(await factory.Service<AuditRetention>().CleanAsync() >= 1);

        await using var check = await factory.DbAsync();
        Assert.Equal(["kept"], await check.AuditEntries.Where(e => e.OrganizationId == org.Id).Select(e => e.ActorName).ToListAsync());
    }
}
