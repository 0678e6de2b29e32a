using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Videos;

public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        // Thumbnails are posters, not protected content: public, keyed by the unguessable video id.
        app.MapGet("/thumbnails/{videoId}", async (string videoId, IDbContextFactory<AdminPortalDbContext> dbFactory, MediaStore media, CancellationToken cancellationToken) =>
        {
            if (!VideoIds.IsWellFormed(videoId))
            {
                return Results.NotFound();
            }
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var file = await db.Videos.Where(v => v.Id == videoId).Select(v => v.ThumbnailFile).SingleOrDefaultAsync(cancellationToken);
            if (file is null || !media.Exists(file))
            {
                return Results.NotFound();
            }
            var contentType = file.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
            return Results.File(media.PathOf(file), contentType, lastModified: File.GetLastWriteTimeUtc(media.PathOf(file)));
        }).AllowAnonymous();

        return app;
    }
}
