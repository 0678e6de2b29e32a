using AdminPortal.Web.Data;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>The viewer side: the embed page (anonymous, token-checked) and the signed media bytes.</summary>
public static class PlaybackEndpoints
{
    private const string ErrorPagePolicy =
        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";

    public static IEndpointRouteBuilder MapPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        // Routing matches these with or without the trailing slash.
        app.MapGet("/embed/{orgCode}/{videoId}", (string orgCode, string videoId, HttpContext context, CancellationToken cancellationToken) =>
            PlayAsync(orgCode, videoId, context, cancellationToken)).AllowAnonymous();
        app.MapGet("/embed/{videoId}", (string videoId, HttpContext context, CancellationToken cancellationToken) =>
            PlayAsync(null, videoId, context, cancellationToken)).AllowAnonymous();

        app.MapGet("/media/{videoId}", async (string videoId, string? expires, string? signature, HttpContext context,
            MediaSigner signer, IDbContextFactory<AdminPortalDbContext> dbFactory, MediaStore media, CancellationToken cancellationToken) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            if (!VideoIds.IsWellFormed(videoId) || !signer.IsValid(videoId, expires, signature))
            {
                return Results.Text("This media link is not valid or has expired.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var video = await db.Videos.AsNoTracking()
                .Where(v => v.Id == videoId)
                .Select(v => new { v.MediaFile, v.ContentType })
                .SingleOrDefaultAsync(cancellationToken);
            if (video is null || !media.Exists(video.MediaFile))
            {
                return Results.Text("This video no longer exists.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }
            // Only this portal's pages may use the bytes; the signature already limits how long.
            context.Response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
            context.Response.Headers.CacheControl = "private, max-age=3600";
            var path = media.PathOf(video.MediaFile);
            return Results.File(path, video.ContentType, lastModified: File.GetLastWriteTimeUtc(path), enableRangeProcessing: true);
        }).AllowAnonymous();

        return app;
    }

    private static async Task<IResult> PlayAsync(string? orgCode, string videoId, HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var tokens = services.GetRequiredService<TokenService>();
        var clock = services.GetRequiredService<TimeProvider>();
        var request = context.Request;
        var referrer = request.Headers.Referer.ToString();
        var ip = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        var viewer = new PlaybackViewer(ip?.ToString(), request.Headers.UserAgent.ToString(), referrer);
        var portalHosts = PortalHosts(request, services.GetRequiredService<PlaybackUrls>());

        var grant = await tokens.ConsumeForPlaybackAsync(orgCode, videoId, request.Query["access_token"], viewer,
            organization => portalHosts.Any(host => EmbedSitePolicy.Allows(organization, referrer, host)), cancellationToken);

        SecurityHeaders(context.Response);
        if (!grant.IsPlayed)
        {
            context.Response.Headers.ContentSecurityPolicy = ErrorPagePolicy;
            var (status, heading, detail) = Refusal(grant.Outcome);
            return Results.Content(PlayerPage.RenderError(heading, detail), "text/html; charset=utf-8", statusCode: status);
        }

        var token = grant.Token!;
        var video = grant.Video!;
        var now = clock.GetUtcNow().UtcDateTime;
        var mediaUrl = request.PathBase + services.GetRequiredService<MediaSigner>().ForPlayback(video);
        var poster = MediaStore.ThumbnailUrl(video) is { } thumbnail ? request.PathBase + thumbnail : null;
        var annotations = PlayerPage.FillPlaceholders(token.Annotations, viewer.IpAddress, now, token.Code);
        var model = new PlayerModel(video.Title, mediaUrl, poster, annotations, PlayerParameters.From(request.Query));

        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
            + "base-uri 'none'; form-action 'none'; " + EmbedSitePolicy.FrameAncestors(grant.Organization!);
        return Results.Content(PlayerPage.Render(model), "text/html; charset=utf-8");
    }

    private static (int Status, string Heading, string Detail) Refusal(PlaybackOutcome outcome) => outcome switch
    {
        PlaybackOutcome.Expired => (403, "This link has expired.", "Ask the site that gave it to you for a new link."),
        PlaybackOutcome.UsedUp => (403, "This link has already been used.", "It was meant to play once. Ask the site that gave it to you for a new link."),
        PlaybackOutcome.Revoked => (403, "This link was revoked.", "It can no longer play. Ask the site that gave it to you for a new link."),
        PlaybackOutcome.WrongVideo => (403, "This link is for a different video.", "Use the link that came with this video."),
        PlaybackOutcome.SiteNotAllowed => (403, "This video is not allowed on this site.", "Its owner lets it play only on their own websites."),
        _ => (404, "This video link is not valid.", "Check that the whole link was copied, or ask the site that gave it to you for a new one."),
    };

    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>The portal's own host names (as reached, and as configured), whose pages may always load the player.</summary>
    private static string[] PortalHosts(HttpRequest request, PlaybackUrls urls)
    {
        var reached = request.Host.Host.ToLowerInvariant();
        var configured = Uri.TryCreate(urls.BaseUrl(request), UriKind.Absolute, out var uri) ? uri.IdnHost.ToLowerInvariant() : reached;
        return reached == configured ? [reached] : [reached, configured];
    }
}
