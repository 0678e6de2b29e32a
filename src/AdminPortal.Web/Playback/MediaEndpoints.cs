using AdminPortal.Web.Data;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

public static class MediaEndpoints
{
    // Minimal stand-in so the staff preview plays in this branch; the playback branch owns the real endpoint.
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{videoId}", async (string videoId, string? expires, string? signature, MediaSigner signer,
            IDbContextFactory<AdminPortalDbContext> dbFactory, MediaStore media, CancellationToken cancellationToken) =>
        {
            if (!VideoIds.IsWellFormed(videoId) || !signer.IsValid(videoId, expires, signature))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var video = await db.Videos.AsNoTracking().SingleOrDefaultAsync(v => v.Id == videoId, cancellationToken);
            if (video is null || !media.Exists(video.MediaFile))
            {
                return Results.NotFound();
            }
            return Results.File(media.PathOf(video.MediaFile), video.ContentType, enableRangeProcessing: true);
        }).AllowAnonymous();
        return app;
    }
}
