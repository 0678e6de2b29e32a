using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Api;

public sealed class ApiAuthTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Login_with_json_returns_a_40_hex_key_stored_only_as_a_hash()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);

        var key = await LoginAsync(factory, editor.Name, org);

        Assert.Matches("^[0-9a-f]{40}$", key);
        await using var db = await factory.DbAsync();
        var stored = await db.ApiKeys.SingleAsync(k => k.UserId == editor.UserId);
        Assert.NotEqual(key, stored.KeyHash);
        Assert.Equal(ApiKeyService.Hash(key), stored.KeyHash);
        Assert.Equal(key[..8], stored.Prefix);
        Assert.DoesNotContain(await db.ApiKeys.Select(k => k.KeyHash + k.Name + k.Prefix).ToListAsync(), s => s.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_with_a_form_works_too()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        using var client = Anonymous(factory);

        var response = await client.PostAsync("/api/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = editor.Name,
            ["password"] = PortalFactory.Password,
            ["organization_id"] = org,
        }));

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(["token"], Keys(body));
    }

    [Theory]
    [InlineData("wrong-password", null)]
    [InlineData(null, "other-org")]
    [InlineData(null, "no-such-user")]
    public async Task Wrong_credentials_answer_400_with_one_clear_message(string? password, string? twist)
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        await factory.OrganizationAsync("otherorg");
        using var client = Anonymous(factory);

        var response = await client.PostAsync("/api/auth/login/", Json(new JsonObject
        {
            ["username"] = twist == "no-such-user" ? "nobody@nowhere.test" : editor.Name,
            ["password"] = password ?? PortalFactory.Password,
            ["organization_id"] = twist == "other-org" ? "otherorg" : org,
        }));

        var body = await ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(ApiKeyService.BadCredentials, body["non_field_errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_requires_every_field()
    {
        using var client = Anonymous(factory);

        var body = await ExpectAsync(await client.PostAsync("/api/auth/login/", Json(new JsonObject())), HttpStatusCode.BadRequest);

        Assert.Equal(["username", "password", "organization_id"], Keys(body));
    }

    [Fact]
    public async Task Failed_logins_lock_the_account_like_the_sign_in_page()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        using var client = Anonymous(factory);
        JsonObject Login(string password) => new() { ["username"] = editor.Name, ["password"] = password, ["organization_id"] = org };

        for (var i = 0; i < 5; i++)
        {
            await ExpectAsync(await client.PostAsync("/api/auth/login/", Json(Login("wrong-password"))), HttpStatusCode.BadRequest);
        }
        var locked = await ExpectAsync(await client.PostAsync("/api/auth/login/", Json(Login(PortalFactory.Password))), HttpStatusCode.BadRequest);

        Assert.Equal(ApiKeyService.LockedOut, locked["non_field_errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_21st_key_of_an_organization_is_refused()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        for (var i = 0; i < ApiKeyService.MaxKeysPerOrganization; i++)
        {
            await LoginAsync(factory, editor.Name, org);
        }
        using var client = Anonymous(factory);

        var response = await client.PostAsync("/api/auth/login/", Json(new JsonObject
        {
            ["username"] = editor.Name,
            ["password"] = PortalFactory.Password,
            ["organization_id"] = org,
        }));

        var body = await ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("20 API keys", body["non_field_errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = await factory.DbAsync();
        Assert.Equal(20, await db.ApiKeys.CountAsync(k => k.UserId == editor.UserId));
    }

    [Fact]
    public async Task Logout_deletes_the_key_and_the_key_stops_working()
    {
        var org = NewOrg();
        var (_, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);

        var logout = await client.PostAsync("/api/auth/logout/", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var after = await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid token.", after["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "Authentication credentials were not provided.")]
    [InlineData("Bearer abc", "Authentication credentials were not provided.")]
    [InlineData("Token", "Invalid token.")]
    [InlineData("Token 0000000000000000000000000000000000000000", "Invalid token.")]
    [InlineData("Token not-a-key", "Invalid token.")]
    [InlineData("Token a b", "Invalid token.")]
    public async Task No_or_bad_key_answers_401_with_the_exact_detail(string? header, string detail)
    {
        using var client = Anonymous(factory);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{PortalFactory.OrgCode}/assets/");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        var response = await client.SendAsync(request);

        var body = await ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(new JsonObject { ["detail"] = detail }.ToJsonString(), body.ToJsonString());
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_signed_in_cookie_does_not_authenticate_the_api()
    {
        var browser = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);

        var response = await browser.GetAsync($"/api/v1/{PortalFactory.OrgCode}/assets/");

        var body = await ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Authentication credentials were not provided.", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_viewer_key_reads_but_every_write_answers_403()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, editor) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var created = await ExpectAsync(await editor.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);
        var code = created["code"]!.GetValue<string>();
        var (_, viewer) = await StaffClientAsync(factory, StaffRole.Viewer, org);

        await ExpectAsync(await viewer.GetAsync(V1Tokens(org, video.Id)), HttpStatusCode.OK);
        await ExpectAsync(await viewer.GetAsync(AdminTokens(video.Id) + code + "/"), HttpStatusCode.OK);
        var writes = new (string Method, string Url)[]
        {
            ("POST", V1Tokens(org, video.Id)),
            ("PUT", V1Tokens(org, video.Id) + code + "/"),
            ("PATCH", V1Tokens(org, video.Id) + code + "/"),
            ("DELETE", V1Tokens(org, video.Id) + code + "/"),
            ("POST", AdminTokens(video.Id)),
            ("PUT", AdminTokens(video.Id) + code + "/"),
            ("PATCH", AdminTokens(video.Id) + code + "/"),
            ("DELETE", AdminTokens(video.Id) + code + "/"),
        };
        foreach (var (method, url) in writes)
        {
            var body = await ExpectAsync(await SendAsync(viewer, method, url, Json(new JsonObject { ["time_to_live"] = 5 })), HttpStatusCode.Forbidden);
            Assert.Equal(ApiKeyAuthenticationHandler.NoPermission, body["detail"]!.GetValue<string>());
        }
        await using var db = await factory.DbAsync();
        var token = await db.AccessTokens.SingleAsync(t => t.VideoId == video.Id);
        Assert.Null(token.ValidUntil);
        Assert.Null(token.RevokedAt);
    }

    [Fact]
    public async Task Keys_of_locked_out_or_removed_staff_stop_working()
    {
        var org = NewOrg();
        var (locked, lockedClient) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var (removed, removedClient) = await StaffClientAsync(factory, StaffRole.Editor, org);
        await ExpectAsync(await lockedClient.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);

        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(locked.UserId))!, DateTimeOffset.MaxValue);
            await users.DeleteAsync((await users.FindByIdAsync(removed.UserId))!);
        }

        await ExpectAsync(await lockedClient.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
        await ExpectAsync(await removedClient.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_failed_attempt_lockout_leaves_the_accounts_keys_working_but_an_Admin_lock_ends_them()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var (editor, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        using var anonymous = Anonymous(factory);
        for (var i = 0; i < 6; i++)
        {
            await anonymous.PostAsync("/api/auth/login/", Json(new JsonObject { ["username"] = editor.Name, ["password"] = "wrong-password", ["organization_id"] = org }));
        }
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(editor.UserId))!));
        }

        // An outsider who knows the e-mail cannot stop the organization's token minting.
        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);

        Assert.True((await factory.Service<StaffService>().SetLockedAsync(admin, editor.UserId, locked: true)).IsOk);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_role_change_or_an_unlock_applies_to_a_key_at_the_next_request()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var (editor, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var staff = factory.Service<StaffService>();
        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Created);

        Assert.True((await staff.ChangeRoleAsync(admin, editor.UserId, StaffRole.Viewer)).IsOk);
        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject())), HttpStatusCode.Forbidden);

        Assert.True((await staff.SetLockedAsync(admin, editor.UserId, locked: true)).IsOk);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
        Assert.True((await staff.SetLockedAsync(admin, editor.UserId, locked: false)).IsOk);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);

        Assert.True((await staff.RemoveAsync(admin, editor.UserId)).IsOk);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Key_use_records_the_last_used_time_at_most_once_a_minute()
    {
        var org = NewOrg();
        var (actor, client) = await StaffClientAsync(factory, StaffRole.Viewer, org);
        async Task<DateTime?> LastUsedAsync()
        {
            await using var db = await factory.DbAsync();
            return await db.ApiKeys.Where(k => k.UserId == actor.UserId).Select(k => k.LastUsedAt).SingleAsync();
        }
        Assert.Null(await LastUsedAsync());

        await client.GetAsync($"/api/v1/{org}/assets/");
        var first = await LastUsedAsync();
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        await client.GetAsync($"/api/v1/{org}/assets/");
        var throttled = await LastUsedAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.GetAsync($"/api/v1/{org}/assets/");
        var later = await LastUsedAsync();

        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1).AddSeconds(-10), first);
        Assert.Equal(first, throttled);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, later);
    }

    [Fact]
    public async Task Admins_create_list_and_revoke_keys_through_the_service()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var keys = factory.Service<ApiKeyService>();

        var created = await keys.CreateAsync(admin, "  Billing backend  ");
        var forbidden = await keys.CreateAsync(editor, "Mine");
        var unnamed = await keys.CreateAsync(admin, " ");
        var listed = await keys.ListAsync(admin);
        using var client = WithKey(factory, created.Value!.Key);
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.OK);
        var revoked = await keys.RevokeAsync(admin, created.Value.View.Id);
        var otherOrg = await keys.RevokeAsync(await factory.StaffAsync(StaffRole.Admin, NewOrg()), created.Value.View.Id);

        Assert.True(created.IsOk);
        Assert.Equal("Billing backend", created.Value.View.Name);
        Assert.Equal("Forbidden", ResultStatusOf(forbidden));
        Assert.Equal(["name"], unnamed.Errors.Fields);
        Assert.Equal(created.Value.View.Id, Assert.Single(listed.Value!).Id);
        Assert.True(revoked.IsOk);
        Assert.Equal("NotFound", ResultStatusOf(otherOrg));
        await ExpectAsync(await client.GetAsync($"/api/v1/{org}/assets/"), HttpStatusCode.Unauthorized);
    }

    private static string ResultStatusOf<T>(AdminPortal.Web.Common.Result<T> result) => result.Status.ToString();
}
