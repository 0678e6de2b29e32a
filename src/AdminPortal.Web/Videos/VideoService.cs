using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Videos;

public sealed record UploadedVideo(string Id, string Title, int DurationSeconds, long Bytes, bool HasThumbnail);

/// <summary>Adds, renames and deletes the organization's videos. Editors and Admins only; another organization's video is not found.</summary>
public sealed class VideoService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    MediaStore media,
    Ffmpeg ffmpeg,
    VideoKeys keys,
    PackagingWorker packaging,
    IAuditLog audit,
    TimeProvider clock)
{
    public const int MaxThumbnailBytes = 2 * 1024 * 1024;
    private const string ReadOnlyRole = "Your role can view videos but not change them.";

    /// <summary>
    /// Turns an uploaded file (already streamed to <paramref name="tempPath"/> in the media folder) into a video.
    /// The file is checked by its bytes; on any refusal nothing is kept, and the caller deletes the temporary file.
    /// The video starts Processing: the packaging worker turns it into encrypted HLS, and it plays once Completed.
    /// </summary>
    public async Task<Result<UploadedVideo>> AddUploadedAsync(Actor actor, string? title, string tempPath, byte[]? thumbnail,
        CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<UploadedVideo>.Forbidden(ReadOnlyRole);
        }
        if (ffmpeg.Problem is { } problem)
        {
            return Result<UploadedVideo>.Invalid("file", CannotProcess(problem));
        }
        if (VideoRules.ValidateTitle(title) is { } titleError)
        {
            return Result<UploadedVideo>.Invalid("title", titleError);
        }
        var thumbnailExtension = thumbnail is null ? null : ImageExtension(thumbnail);
        if (thumbnail is not null && (thumbnailExtension is null || thumbnail.Length > MaxThumbnailBytes))
        {
            return Result<UploadedVideo>.Invalid("thumbnail", "The thumbnail must be a JPEG or PNG image of at most 2 MB.");
        }
        var probe = VideoProbe.Probe(tempPath);
        if (!probe.IsValid)
        {
            return Result<UploadedVideo>.Invalid("file", probe.Error ?? "This file is not a video that can be played.");
        }

        var id = VideoIds.New();
        var mediaFile = id + ".source" + (probe.ContentType == "video/webm" ? ".webm" : ".mp4");
        var thumbnailFile = thumbnailExtension is null ? null : id + thumbnailExtension;
        var bytes = new FileInfo(tempPath).Length;
        try
        {
            File.Move(tempPath, media.PathOf(mediaFile));
            if (thumbnailFile is not null)
            {
                await File.WriteAllBytesAsync(media.PathOf(thumbnailFile), thumbnail!, cancellationToken);
            }
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Videos.Add(new Video
            {
                Id = id,
                OrganizationId = actor.OrganizationId,
                Title = title!.Trim(),
                DurationSeconds = probe.DurationSeconds,
                Bytes = bytes,
                MediaFile = mediaFile,
                ContentType = probe.ContentType!,
                ThumbnailFile = thumbnailFile,
                Status = VideoStatus.Processing,
                ProtectedKey = keys.New().Protected,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await audit.StageAsync(db, actor, AuditActions.VideoUploaded, "video", id, $"\"{title!.Trim()}\", {bytes:N0} bytes, {probe.DurationSeconds} s",
                CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            packaging.Wake();
        }
        catch
        {
            media.Delete(mediaFile);
            media.Delete(thumbnailFile);
            throw;
        }
        return Result<UploadedVideo>.Ok(new UploadedVideo(id, title.Trim(), probe.DurationSeconds, bytes, thumbnailFile is not null));
    }

    public async Task<Result<string>> RenameAsync(Actor actor, string videoId, string? title, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<string>.Forbidden(ReadOnlyRole);
        }
        if (VideoRules.ValidateTitle(title) is { } error)
        {
            return Result<string>.Invalid("title", error);
        }
        if (!VideoIds.IsWellFormed(videoId))
        {
            return Result<string>.NotFound();
        }
        var trimmed = title!.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var before = await db.Videos.Where(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId).Select(v => v.Title).SingleOrDefaultAsync(cancellationToken);
        if (before is null)
        {
            return Result<string>.NotFound();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Videos
            .Where(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Title, trimmed), cancellationToken);
        if (changed == 0)
        {
            return Result<string>.NotFound();
        }
        await audit.StageAsync(db, actor, AuditActions.VideoRenamed, "video", videoId, $"\"{before}\" → \"{trimmed}\"", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<string>.Ok(trimmed);
    }

    /// <summary>Why uploads are refused on this server, for the dialog and the endpoint alike.</summary>
    public static string CannotProcess(string problem) => $"This server cannot process videos: {problem}";

    /// <summary>Null when uploads can be processed; else why not.</summary>
    public string? UploadProblem => ffmpeg.Problem is { } problem ? CannotProcess(problem) : null;

    /// <summary>
    /// Deletes the video, its tokens, sessions (and their history and playback records, by cascade), its key (in its row)
    /// and every file: source, renditions, segments and thumbnail.
    /// </summary>
    public async Task<Result<string>> DeleteAsync(Actor actor, string videoId, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<string>.Forbidden(ReadOnlyRole);
        }
        if (!VideoIds.IsWellFormed(videoId))
        {
            return Result<string>.NotFound();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var video = await db.Videos.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId, cancellationToken);
        if (video is null)
        {
            return Result<string>.NotFound();
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Videos.Where(v => v.Id == video.Id).ExecuteDeleteAsync(cancellationToken);
            await audit.StageAsync(db, actor, AuditActions.VideoDeleted, "video", video.Id, $"\"{video.Title}\"", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        packaging.Cancel(video.Id);
        // Files go after the row: a failure here leaves an orphan file, never a video without its file.
        media.DeleteVideoFiles(video.Id, video.MediaFile, video.ThumbnailFile);
        return Result<string>.Ok(video.Title);
    }

    /// <summary>".jpg" or ".png" when the bytes start like one, else null.</summary>
    public static string? ImageExtension(ReadOnlySpan<byte> image) =>
        image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ".jpg"
        : image.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? ".png"
        : null;
}
