using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Tests.Playback;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Operators;

namespace AdminPortal.Tests.Operators;

/// <summary>
/// A suspended organization: its links do not play (and playing ones stop), its staff are out, its API keys answer 401.
/// Reactivating brings all of it back. Each test suspends an organization of its own.
/// </summary>
public sealed class SuspensionTests(OperatorPortalFixture fixture) : IClassFixture<OperatorPortalFixture>
{
    private readonly PortalFactory factory = fixture.Factory;
    private readonly ViewerKit viewer = new(fixture.Factory);
    private OrganizationAdminService Organizations => factory.Service<OrganizationAdminService>();

    private async Task<int> IdOfAsync(string code) => (await factory.OrganizationAsync(code)).Id;

    [Fact]
    public async Task A_suspended_organizations_links_get_a_plain_not_available_page_and_play_again_after_reactivation()
    {
        var code = OperatorKit.NewCode();
        var (_, video, token) = await factory.CustomerAsync(code);
        var url = OperatorKit.EmbedUrl(code, video.Id, token.Code);
        var ticket = TicketOf(await LoadOkAsync(url));
        var op = await factory.OperatorAsync();

        Assert.True((await Organizations.SuspendAsync(op, await IdOfAsync(code))).IsOk);

        var (status, html, _) = await viewer.LoadAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("This video is not available.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(video.Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-config", html, StringComparison.Ordinal);
        // The older URL form too, and a page served just before the suspension cannot start a session.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.LoadAsync($"/embed/{video.Id}/?access_token={token.Code}")).Status);
        var (startStatus, start) = await viewer.StartAsync(ticket);
        Assert.Equal(HttpStatusCode.Forbidden, startStatus);
        Assert.Equal("Unavailable", start.GetProperty("reason").GetString());

        Assert.True((await Organizations.ReactivateAsync(op, await IdOfAsync(code))).IsOk);
        await StartedAsync(url);
    }

    [Fact]
    public async Task A_playing_viewer_is_stopped_at_the_next_heartbeat_and_gets_no_more_key_or_playlists()
    {
        var code = OperatorKit.NewCode();
        var (_, video, token) = await factory.CustomerAsync(code);
        var session = await StartedAsync(OperatorKit.EmbedUrl(code, video.Id, token.Code));
        var (variant, key, _) = await viewer.PlaylistsAsync(session);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(key)).StatusCode);

        await Organizations.SuspendAsync(await factory.OperatorAsync(), await IdOfAsync(code));

        var (beat, body) = await viewer.HeartbeatAsync(session.Heartbeat);
        Assert.Equal(HttpStatusCode.Forbidden, beat);
        Assert.Equal("This video is not available.", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(session.Master)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(variant)).StatusCode);
    }

    [Fact]
    public async Task A_suspended_organizations_staff_cannot_sign_in_and_open_sessions_end()
    {
        var code = OperatorKit.NewCode();
        var (admin, _, _) = await factory.CustomerAsync(code);
        var signedIn = await SignIn.AsAsync(factory, admin.Name);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/videos")).StatusCode);

        await Organizations.SuspendAsync(await factory.OperatorAsync(), await IdOfAsync(code));

        var kicked = await signedIn.GetAsync("/videos");
        Assert.Equal(HttpStatusCode.Redirect, kicked.StatusCode);
        Assert.Contains("/Account/Login", kicked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // The right password learns why; a wrong one learns nothing.
        var refused = await Forms.TextAsync(await SignIn.PostAsync(factory.Browser(), admin.Name, PortalFactory.Password));
        Assert.Contains("access to AdminPortal is suspended", refused, StringComparison.Ordinal);
        var wrong = await Forms.TextAsync(await SignIn.PostAsync(factory.Browser(), admin.Name, "Wrong-Password-9"));
        Assert.Contains("The e-mail or password is not right.", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("suspended", wrong, StringComparison.Ordinal);

        await Organizations.ReactivateAsync(await factory.OperatorAsync(), await IdOfAsync(code));
        await SignIn.AsAsync(factory, admin.Name);
    }

    [Fact]
    public async Task A_suspended_organizations_api_keys_answer_401_and_its_api_login_says_why()
    {
        var code = OperatorKit.NewCode();
        var (admin, video, _) = await factory.CustomerAsync(code);
        var key = await ApiKit.LoginAsync(factory, admin.Name, code);
        using var client = ApiKit.WithKey(factory, key);
        var assets = $"/api/v1/{code}/assets/";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(assets)).StatusCode);

        await Organizations.SuspendAsync(await factory.OperatorAsync(), await IdOfAsync(code));

        // The key cache was dropped on this instance, so the very next call is refused.
        var refused = await ApiKit.ExpectAsync(await client.GetAsync(assets), HttpStatusCode.Unauthorized);
        Assert.Equal(ApiKeyAuthenticationHandler.InvalidToken, refused["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(ApiKit.V1Tokens(code, video.Id), ApiKit.Json(new JsonObject()))).StatusCode);
        using var anonymous = ApiKit.Anonymous(factory);
        var login = await ApiKit.ExpectAsync(await anonymous.PostAsync("/api/auth/login/", ApiKit.Json(new JsonObject
        {
            ["username"] = admin.Name,
            ["password"] = PortalFactory.Password,
            ["organization_id"] = code,
        })), HttpStatusCode.BadRequest);
        Assert.Equal(ApiKeyService.Suspended, login["non_field_errors"]![0]!.GetValue<string>());

        await Organizations.ReactivateAsync(await factory.OperatorAsync(), await IdOfAsync(code));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(assets)).StatusCode);
    }

    [Fact]
    public async Task Suspending_one_organization_leaves_the_others_playing()
    {
        var suspended = OperatorKit.NewCode();
        var other = OperatorKit.NewCode();
        await factory.CustomerAsync(suspended);
        var (_, video, token) = await factory.CustomerAsync(other);

        await Organizations.SuspendAsync(await factory.OperatorAsync(), await IdOfAsync(suspended));

        await LoadOkAsync(OperatorKit.EmbedUrl(other, video.Id, token.Code));
    }

    [Fact]
    public async Task Suspending_twice_or_an_unknown_organization_is_harmless()
    {
        var code = OperatorKit.NewCode();
        await factory.OrganizationAsync(code);
        var op = await factory.OperatorAsync();

        Assert.True((await Organizations.SuspendAsync(op, await IdOfAsync(code))).Value);
        Assert.False((await Organizations.SuspendAsync(op, await IdOfAsync(code))).Value);
        Assert.Equal(Web.Common.ResultStatus.NotFound, (await Organizations.SuspendAsync(op, int.MaxValue)).Status);
        Assert.Equal(Web.Common.ResultStatus.NotFound, (await Organizations.ReactivateAsync(op, int.MaxValue)).Status);
    }

    private async Task<string> LoadOkAsync(string url)
    {
        var (status, html, _) = await viewer.LoadAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        return html;
    }

    private async Task<StartedSession> StartedAsync(string url)
    {
        var (status, body) = await viewer.StartAsync(TicketOf(await LoadOkAsync(url)));
        Assert.Equal(HttpStatusCode.Created, status);
        return new StartedSession(body.GetProperty("master").GetString()!, body.GetProperty("heartbeat").GetString()!);
    }

    private static string TicketOf(string html) => ViewerKit.Config(html).GetProperty("ticket").GetString()!;
}
