using System.Text;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AdminPortal.Web.Videos;

/// <summary>
/// POST /videos/upload: a multipart body with "title", "file" (the video) and optionally "thumbnail" (a JPEG/PNG frame
/// captured in the browser). The video is streamed to a temporary file, never buffered whole; anything refused or
/// interrupted leaves nothing behind.
/// </summary>
public static class VideoUploadEndpoint
{
    public const string Path = "/videos/upload";
    private const int MaxTitleBytes = 4096;

    public static IEndpointRouteBuilder MapVideoUploadEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, UploadAsync).DisableAntiforgery(); // validated by hand, from the header, so the body is never read as a form
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IAntiforgery antiforgery, VideoService videos, MediaStore media,
        IOptions<MediaOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var actor = Actor.FromPrincipal(context.User);
        if (actor is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Please sign in again.");
        }
        if (!actor.CanEdit)
        {
            return Problem(StatusCodes.Status403Forbidden, "Your role can view videos but not upload them.");
        }
        if (videos.UploadProblem is { } problem)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, problem, "file");
        }
        // Without the header the anti-forgery check would fall back to reading the whole body as a form.
        if (!context.Request.Headers.ContainsKey(HeaderName(context)) || !await antiforgery.IsRequestValidAsync(context))
        {
            return Problem(StatusCodes.Status400BadRequest, "The upload was refused because its security token is missing or stale. Reload the page and try again.");
        }
        var boundary = Boundary(context.Request.ContentType);
        if (boundary is null)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Send the video as multipart/form-data.");
        }

        var maxBytes = options.Value.MaxUploadBytes;
        // Room for the thumbnail and the multipart framing on top of the video itself.
        var maxBody = maxBytes + VideoService.MaxThumbnailBytes + 64 * 1024;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }
        if (context.Request.ContentLength > maxBody)
        {
            return TooLarge(maxBytes);
        }

        var tempPath = media.NewTempPath();
        try
        {
            string? title = null, fileName = null;
            byte[]? thumbnail = null;
            var gotFile = false;
            var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = maxBody };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                switch (disposition.Name.Value?.Trim('"'))
                {
                    case "title":
                        // Too long to be a title at all: say so, rather than falling back to the file name.
                        var titleBytes = await Common.BoundedRead.ReadAsync(section.Body, MaxTitleBytes, cancellationToken);
                        if (titleBytes is null)
                        {
                            return Problem(StatusCodes.Status400BadRequest, VideoRules.TitleTooLong, "title");
                        }
                        title = Encoding.UTF8.GetString(titleBytes);
                        break;
                    case "file" when !gotFile:
                        fileName = disposition.FileName.Value?.Trim('"');
                        gotFile = true;
                        if (!await CopyLimitedAsync(section.Body, tempPath, maxBytes, cancellationToken))
                        {
                            return TooLarge(maxBytes);
                        }
                        break;
                    case "thumbnail":
                        thumbnail = await Common.BoundedRead.ReadAsync(section.Body, VideoService.MaxThumbnailBytes, cancellationToken);
                        if (thumbnail is null)
                        {
                            return Problem(StatusCodes.Status400BadRequest, "The thumbnail must be a JPEG or PNG image of at most 2 MB.", "thumbnail");
                        }
                        break;
                }
            }
            if (!gotFile)
            {
                return Problem(StatusCodes.Status400BadRequest, "Choose a video file to upload.", "file");
            }
            if (string.IsNullOrWhiteSpace(title))
            {
                title = System.IO.Path.GetFileNameWithoutExtension(fileName);
            }

            var result = await videos.AddUploadedAsync(actor, title, tempPath, thumbnail is { Length: > 0 } ? thumbnail : null, cancellationToken);
            return result.Status switch
            {
                Common.ResultStatus.Ok => Results.Json(result.Value, statusCode: StatusCodes.Status201Created),
                Common.ResultStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, result.Message),
                _ => Problem(StatusCodes.Status400BadRequest, result.Message, result.Errors.Fields.FirstOrDefault()),
            };
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidDataException or BadHttpRequestException)
        {
            // The browser cancelled or the body was malformed: nothing to keep, nobody left to answer in most cases.
            loggers.CreateLogger(typeof(VideoUploadEndpoint)).LogInformation("Upload abandoned: {Reason}", exception.Message);
            return Problem(StatusCodes.Status400BadRequest, "The upload was interrupted or malformed. Please try again.");
        }
        finally
        {
            if (File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }
    }

    private static string HeaderName(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName ?? "RequestVerificationToken";

    private static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }

    /// <summary>Streams to disk; false when the part is bigger than allowed.</summary>
    private static async Task<bool> CopyLimitedAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return false;
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }

    private static IResult TooLarge(long maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the {Common.Formats.Bytes(maxBytes)} allowed.", "file");

    private static IResult Problem(int status, string detail, string? field = null) =>
        Results.Json(new UploadError(detail, field), statusCode: status);

    private sealed record UploadError(string Detail, string? Field);
}
