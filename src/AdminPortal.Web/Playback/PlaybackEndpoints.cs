using System.Text.Json;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Playback;

/// <summary>
/// The viewer side, all anonymous: the embed page (token-checked), the session start and heartbeat, the session's
/// playlists and key, and the signed segments. Each handler is a few lines over <see cref="PlaybackService"/>.
/// </summary>
public static class PlaybackEndpoints
{
    private const string PlaylistType = "application/vnd.apple.mpegurl";

    /// <summary>The player's own requests are a few hundred bytes; anything bigger is refused before it is read.</summary>
    private const long MaxBodyBytes = 4096;

    public static IEndpointRouteBuilder MapPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        // Routing matches these with or without the trailing slash.
        app.MapGet("/embed/{orgCode}/{videoId}", (string orgCode, string videoId, HttpContext context, CancellationToken cancellationToken) =>
            PageAsync(orgCode, videoId, context, cancellationToken)).AllowAnonymous();
        app.MapGet("/embed/{videoId}", (string videoId, HttpContext context, CancellationToken cancellationToken) =>
            PageAsync(null, videoId, context, cancellationToken)).AllowAnonymous();

        var play = app.MapGroup("/play/sessions").AllowAnonymous();
        play.MapPost("", StartAsync);
        play.MapPost("/{sessionId}/heartbeat", HeartbeatAsync);

        var hls = app.MapGroup("/hls/{videoId}").AllowAnonymous();
        hls.MapGet("/master.m3u8", MasterAsync);
        hls.MapGet("/{rendition}/index.m3u8", VariantAsync);
        hls.MapGet("/key", KeyAsync);
        hls.MapGet("/{rendition}/{segment}", Segment);
        return app;
    }

    private static async Task<IResult> PageAsync(string? orgCode, string videoId, HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var request = context.Request;
        var viewer = ViewerOf(context);
        var portalHosts = PortalHosts(request, services.GetRequiredService<PlaybackUrls>());
        string? code = request.Query["access_token"];
        var load = await services.GetRequiredService<PlaybackService>().LoadAsync(orgCode, videoId, code, viewer,
            organization => portalHosts.Any(host => EmbedSitePolicy.Allows(organization, viewer.Referrer, host)), request.Query["staff_preview"], cancellationToken);

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        if (load.Player is not { } player)
        {
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";
            var (status, heading, detail) = PlaybackService.RefusalText(load.Refusal!.Value);
            return new RazorComponentResult<PlayerErrorPage>(new { Heading = heading, Detail = detail, PathBase = request.PathBase.Value ?? "", Code = QuotableCode(code) })
            {
                StatusCode = status,
            };
        }
        // hls.js feeds the video through MediaSource (blob: URLs) and fetches playlists, keys and segments from us.
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self' blob:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; " + EmbedSitePolicy.FrameAncestors(player.Organization);
        return new RazorComponentResult<PlayerPage>(new
        {
            Model = player,
            Parameters = PlayerParameters.From(request.Query),
            PathBase = request.PathBase.Value ?? "",
        });
    }

    private sealed record StartRequest(string? Ticket);

    private static async Task<IResult> StartAsync(HttpContext context, PlaybackService playback, CancellationToken cancellationToken)
    {
        LimitBody(context);
        StartRequest? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<StartRequest>(cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Refused(PlaybackRefusal.StalePage, StatusCodes.Status400BadRequest);
        }
        var start = await playback.StartAsync(body?.Ticket, ViewerOf(context), cancellationToken);
        if (start.Grant is not { } grant)
        {
            return Refused(start.Refusal!.Value, limit: start.Limit);
        }
        var pathBase = context.Request.PathBase.Value ?? "";
        return Results.Json(new
        {
            master = HlsPlaylists.MasterUrl(pathBase, grant.VideoId, grant.SessionId, grant.Credential),
            heartbeat = HlsPlaylists.HeartbeatUrl(pathBase, grant.SessionId, grant.Credential),
            heartbeatSeconds = (int)PlaybackService.HeartbeatInterval.TotalSeconds,
        }, statusCode: StatusCodes.Status201Created);
    }

    private sealed record HeartbeatRequest(double Position, double Watched, bool Ended);

    private static async Task<IResult> HeartbeatAsync(string sessionId, string? c, HttpContext context, PlaybackService playback,
        CancellationToken cancellationToken)
    {
        LimitBody(context);
        HeartbeatRequest? body = null;
        if (context.Request.ContentLength != 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<HeartbeatRequest>(context.Request.Body, JsonSerializerOptions.Web, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or BadHttpRequestException)
            {
                return Results.Json(new { detail = "The heartbeat must be JSON: {\"position\", \"watched\", \"ended\"}." }, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        var answer = await playback.HeartbeatAsync(sessionId, c, new Heartbeat(body?.Position ?? 0, body?.Watched ?? 0, body?.Ended ?? false), cancellationToken);
        return answer.Refusal is { } why ? Refused(why) : Results.Json(new { state = answer.IsClosed ? "closed" : "live" });
    }

    private static async Task<IResult> MasterAsync(string videoId, string? s, string? c, HttpContext context, PlaybackService playback,
        MediaStore media, CancellationToken cancellationToken)
    {
        if (!VideoIds.IsWellFormed(videoId) || s is null || c is null
            || await playback.LiveSessionAsync(videoId, s, c, cancellationToken) is null || !File.Exists(media.MasterPlaylist(videoId)))
        {
            return Forbidden();
        }
        var text = HlsPlaylists.Master(await File.ReadAllLinesAsync(media.MasterPlaylist(videoId), cancellationToken),
            context.Request.PathBase.Value ?? "", videoId, HlsPlaylists.SessionQuery(s, c));
        return Playlist(context, text);
    }

    private static async Task<IResult> VariantAsync(string videoId, string rendition, string? s, string? c, HttpContext context,
        PlaybackService playback, MediaStore media, MediaSigner signer, IOptions<MediaOptions> options, CancellationToken cancellationToken)
    {
        var file = media.PackageFile(videoId, rendition, Videos.HlsPackage.VariantPlaylist);
        if (file is null || s is null || c is null || !File.Exists(file)
            || await playback.LiveSessionAsync(videoId, s, c, cancellationToken) is not { } session)
        {
            return Forbidden();
        }
        var until = PlaybackService.SegmentsValidUntil(session, options.Value.SignatureMargin);
        var text = HlsPlaylists.Variant(await File.ReadAllLinesAsync(file, cancellationToken), context.Request.PathBase.Value ?? "",
            videoId, rendition, HlsPlaylists.SessionQuery(s, c), path => signer.SignPath(path, until));
        return Playlist(context, text);
    }

    private static async Task<IResult> KeyAsync(string videoId, string? s, string? c, HttpContext context, PlaybackService playback,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        var key = VideoIds.IsWellFormed(videoId) && s is not null ? await playback.KeyAsync(videoId, s, c, cancellationToken) : null;
        return key is null ? Forbidden() : Results.Bytes(key, "application/octet-stream");
    }

    private static IResult Segment(string videoId, string rendition, string segment, string? expires, string? signature, HttpContext context,
        MediaSigner signer, MediaStore media, TimeProvider clock)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var file = media.PackageFile(videoId, rendition, segment);
        if (file is null || file.EndsWith(".m3u8", StringComparison.Ordinal)
            || !signer.IsValidPath($"/hls/{videoId}/{rendition}/{segment}", expires, signature) || !File.Exists(file))
        {
            return Forbidden();
        }
        // Encrypted and immutable: the browser may keep it until the signature runs out.
        var seconds = Math.Max(0, long.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture) - clock.GetUtcNow().ToUnixTimeSeconds());
        context.Response.Headers.CacheControl = $"private, max-age={seconds}, immutable";
        context.Response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return Results.File(file, "video/mp2t", enableRangeProcessing: true);
    }

    private static void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
    }

    private static IResult Playlist(HttpContext context, string text)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(text, PlaylistType);
    }

    private static IResult Forbidden() =>
        Results.Text("This media link is not valid or has expired.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A refusal the player shows in its own words.</summary>
    private static IResult Refused(PlaybackRefusal refusal, int? status = null, int? limit = null)
    {
        var (code, heading, detail) = PlaybackService.RefusalText(refusal, limit);
        return Results.Json(new { reason = refusal.ToString(), message = heading, detail }, statusCode: status ?? code);
    }

    /// <summary>The first 8 characters of the link's code, for the viewer to quote to support; null when it has none worth quoting.</summary>
    public static string? QuotableCode(string? code)
    {
        var start = code?.Trim() is { Length: >= 8 } trimmed ? trimmed[..8] : null;
        return start is not null && start.All(char.IsAsciiHexDigit) ? start.ToLowerInvariant() : null;
    }

    private static Viewer ViewerOf(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        return new Viewer(ip?.ToString(), context.Request.Headers.UserAgent.ToString(), context.Request.Headers.Referer.ToString());
    }

    /// <summary>The portal's own host names (as reached, and as configured), whose pages may always load the player.</summary>
    private static string[] PortalHosts(HttpRequest request, PlaybackUrls urls)
    {
        var reached = request.Host.Host.ToLowerInvariant();
        var configured = Uri.TryCreate(urls.BaseUrl(request), UriKind.Absolute, out var uri) ? uri.IdnHost.ToLowerInvariant() : reached;
        return reached == configured ? [reached] : [reached, configured];
    }
}
