using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;

namespace AdminPortal.Tests.Playback;

/// <summary>A started session as the player holds it: the URLs the start answered.</summary>
public sealed record StartedSession(string Master, string Heartbeat)
{
    public string SessionId => Regex.Match(Heartbeat, "/play/sessions/([^/]+)/").Groups[1].Value;
    public string Credential => Regex.Match(Heartbeat, "[?&]c=([^&]+)").Groups[1].Value;
}

/// <summary>What a viewer's browser does, over real HTTP: load the page, start a session, fetch playlists, key and segments.</summary>
public sealed partial class ViewerKit(PortalFactory factory)
{
    public async Task<(Video Video, TokenView Token)> TokenAsync(TokenChanges? changes = null)
    {
        var video = await factory.VideoAsync();
        var result = await factory.Service<TokenService>().CreateAsync(await factory.AdminAsync(), video.Id, changes ?? new TokenChanges());
        Assert.True(result.IsOk, result.Message);
        return (video, result.Value!);
    }

    public static string Url(string videoId, Guid code) => $"/embed/{PortalFactory.OrgCode}/{videoId}/?access_token={code}";

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> LoadAsync(string url, string? referrer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }
        var response = await factory.Browser().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The player's settings, as player.js reads them from the page.</summary>
    public static JsonElement Config(string html) =>
        JsonDocument.Parse(WebUtility.HtmlDecode(ConfigAttribute().Match(html).Groups[1].Value)).RootElement;

    public async Task<string> TicketAsync(string videoId, Guid code)
    {
        var (status, html, _) = await LoadAsync(Url(videoId, code));
        Assert.Equal(HttpStatusCode.OK, status);
        return Config(html).GetProperty("ticket").GetString()!;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(string? ticket)
    {
        using var response = await factory.Browser().PostAsJsonAsync("/play/sessions", new { ticket });
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    public async Task<StartedSession> StartedAsync(string videoId, Guid code)
    {
        var (status, body) = await StartAsync(await TicketAsync(videoId, code));
        Assert.Equal(HttpStatusCode.Created, status);
        return new StartedSession(body.GetProperty("master").GetString()!, body.GetProperty("heartbeat").GetString()!);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetTextAsync(string url)
    {
        using var response = await factory.Browser().GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> GetAsync(string url) => await factory.Browser().GetAsync(url);

    public async Task<(HttpStatusCode Status, JsonElement Body)> HeartbeatAsync(string url, object? body = null)
    {
        using var response = await factory.Browser().PostAsJsonAsync(url, body ?? new { position = 1.0, watched = 1.0, ended = false });
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>The session's variant playlist of the first rendition, and from it the key URL and the segment URLs.</summary>
    public async Task<(string Variant, string Key, string[] Segments)> PlaylistsAsync(StartedSession session)
    {
        var (status, master) = await GetTextAsync(session.Master);
        Assert.Equal(HttpStatusCode.OK, status);
        var variant = master.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        var (variantStatus, text) = await GetTextAsync(variant);
        Assert.Equal(HttpStatusCode.OK, variantStatus);
        var key = KeyUri().Match(text).Groups[1].Value;
        var segments = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        return (variant, key, segments);
    }

    [GeneratedRegex("data-config=\"([^\"]*)\"")]
    private static partial Regex ConfigAttribute();

    [GeneratedRegex("URI=\"([^\"]+)\"")]
    private static partial Regex KeyUri();
}
