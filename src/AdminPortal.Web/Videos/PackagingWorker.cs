using System.Collections.Concurrent;
using AdminPortal.Web.Data;
using AdminPortal.Web.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Videos;

/// <summary>A video's packaging moved on: pages showing it refresh.</summary>
public sealed record VideoStateChange(string VideoId, VideoStatus Status, int Percent);

/// <summary>
/// Packaging jobs are the videos in <see cref="VideoStatus.Processing"/>: rows in the database, so a restart finds
/// every unfinished one and packages it again from its source (the half-built work folder is discarded).
/// This worker runs up to <c>Media:PackagingConcurrency</c> (1 or 2) at a time, and wakes when an upload arrives.
/// Instances sharing a PostgreSQL database claim each job (<see cref="JobClaims"/>), so a video is packaged by one of
/// them; a job another instance holds is looked at again a minute later, and taken over if that instance died.
/// </summary>
public sealed class PackagingWorker(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    JobClaims claims,
    HlsPackager packager,
    Ffmpeg ffmpeg,
    VideoKeys keys,
    MediaStore media,
    IOptions<MediaOptions> options,
    WebhookOutbox outbox,
    TimeProvider clock,
    ILogger<PackagingWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0);
    private static readonly TimeSpan ClaimedElsewhereRetry = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new();

    /// <summary>Jobs another instance was running when last looked at.</summary>
    private readonly ConcurrentDictionary<string, bool> claimedElsewhere = new();

    /// <summary>Raised on every status or progress change, from a background thread.</summary>
    public event Action<VideoStateChange>? Changed;

    /// <summary>Asks the worker to look for new jobs now.</summary>
    public void Wake() => wake.Release();

    /// <summary>Stops packaging a video that is being deleted.</summary>
    public void Cancel(string videoId)
    {
        if (running.TryGetValue(videoId, out var cancel))
        {
            cancel.Cancel();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = Math.Clamp(options.Value.PackagingConcurrency, 1, MediaOptions.MaxPackagingConcurrency);
        var tasks = new List<Task>();
        Task? waiting = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            tasks.RemoveAll(t => t.IsCompleted);
            if (tasks.Count < concurrency)
            {
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    var busy = running.Keys.Concat(claimedElsewhere.Keys).ToList();
                    var next = await db.Videos.AsNoTracking()
                        .Where(v => v.Status == VideoStatus.Processing && !busy.Contains(v.Id))
                        .OrderBy(v => v.CreatedAt)
                        .Select(v => v.Id)
                        .Take(concurrency - tasks.Count)
                        .ToListAsync(stoppingToken);
                    foreach (var id in next)
                    {
                        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        running[id] = cancel;
                        tasks.Add(Task.Run(() => RunAsync(id, cancel.Token), CancellationToken.None));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Looking for packaging jobs failed");
                }
            }
            // A finished job or a new upload wakes us; an idle worker asks the database nothing. One wait stays pending
            // across turns, so no wake-up is swallowed by a wait nobody watches any more.
            var retry = claimedElsewhere.IsEmpty ? null : Task.Delay(ClaimedElsewhereRetry, stoppingToken);
            var finished = tasks.Count > 0 ? Task.WhenAny(tasks) : retry ?? Task.Delay(Timeout.Infinite, stoppingToken);
            waiting ??= wake.WaitAsync(stoppingToken);
            try
            {
                if (await Task.WhenAny(finished, waiting, retry ?? finished) == waiting)
                {
                    await waiting; // surfaces cancellation
                    waiting = null;
                }
            }
            catch (OperationCanceledException)
            {
            }
            if (retry?.IsCompleted == true)
            {
                claimedElsewhere.Clear();
            }
        }
        await Task.WhenAll(tasks);
    }

    private async Task RunAsync(string videoId, CancellationToken cancellationToken)
    {
        try
        {
            await using var claim = await claims.TryClaimAsync("packaging:" + videoId, cancellationToken);
            if (claim is null)
            {
                claimedElsewhere[videoId] = true;
                return;
            }
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var video = await db.Videos.AsNoTracking().SingleOrDefaultAsync(v => v.Id == videoId, cancellationToken);
                if (video is null || video.Status != VideoStatus.Processing)
                {
                    return;
                }
                if (video.ProtectedKey is null || !media.Exists(video.MediaFile))
                {
                    await FinishAsync(videoId, VideoStatus.Failed, "The uploaded file is missing; upload the video again.", null);
                    return;
                }
                var key = keys.Unprotect(video.ProtectedKey);
                logger.LogInformation("Packaging video {VideoId}", videoId);
                var source = await packager.PackageAsync(videoId, media.PathOf(video.MediaFile), key, percent => ReportAsync(videoId, percent, cancellationToken), cancellationToken);
                var thumbnail = video.ThumbnailFile ?? await ThumbnailAsync(videoId, media.PathOf(video.MediaFile), cancellationToken);
                await FinishAsync(videoId, VideoStatus.Completed, null, video.MediaFile, thumbnail, source);
                logger.LogInformation("Video {VideoId} is ready", videoId);
            }
        }
        catch (PackagingFailedException e)
        {
            logger.LogWarning("Packaging video {VideoId} failed: {Reason}", videoId, e.Message);
            await FinishAsync(videoId, VideoStatus.Failed, e.Message, null);
        }
        catch (OperationCanceledException)
        {
            // Shutting down (the job stays Processing and runs again at start) or the video was deleted.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Packaging video {VideoId} failed", videoId);
            await FinishAsync(videoId, VideoStatus.Failed, "The video could not be processed.", null);
        }
        finally
        {
            if (running.TryRemove(videoId, out var cancel))
            {
                cancel.Dispose();
            }
            // Deleted meanwhile: nothing of it may stay behind.
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (!await db.Videos.AnyAsync(v => v.Id == videoId, CancellationToken.None))
            {
                media.DeleteVideoFiles(videoId);
            }
        }
    }

    private async Task ReportAsync(string videoId, int percent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Videos.Where(v => v.Id == videoId && v.Status == VideoStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.ProcessingPercent, percent), cancellationToken);
        Changed?.Invoke(new VideoStateChange(videoId, VideoStatus.Processing, percent));
    }

    /// <summary>A poster for a video uploaded without one (the browser could not capture a frame).</summary>
    private async Task<string?> ThumbnailAsync(string videoId, string source, CancellationToken cancellationToken)
    {
        var file = videoId + ".jpg";
        return await ffmpeg.ThumbnailAsync(source, media.PathOf(file), cancellationToken) ? file : null;
    }

    private async Task FinishAsync(string videoId, VideoStatus status, string? reason, string? sourceToDelete, string? thumbnail = null, SourceInfo? source = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        int? width = source?.Width, height = source?.Height;
        var changed = await db.Videos.Where(v => v.Id == videoId && v.Status == VideoStatus.Processing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.ThumbnailFile, v => thumbnail ?? v.ThumbnailFile)
                .SetProperty(v => v.Width, v => width ?? v.Width)
                .SetProperty(v => v.Height, v => height ?? v.Height)
                .SetProperty(v => v.Status, status)
                .SetProperty(v => v.ProcessingPercent, status == VideoStatus.Completed ? 100 : 0)
                .SetProperty(v => v.FailureReason, reason != null && reason.Length > 500 ? reason.Substring(0, 500) : reason), CancellationToken.None);
        if (changed > 0)
        {
            // video.ready / video.failed commit with the status they announce.
            var video = await db.Videos.AsNoTracking().Where(v => v.Id == videoId)
                .Select(v => new { v.OrganizationId, v.Title, v.DurationSeconds, v.FailureReason }).SingleAsync(CancellationToken.None);
            var now = clock.GetUtcNow().UtcDateTime;
            await outbox.StageIfWantedAsync(db, video.OrganizationId, status == VideoStatus.Completed ? WebhookEvents.VideoReady : WebhookEvents.VideoFailed,
                new
                {
                    asset_id = videoId,
                    title = video.Title,
                    status = status == VideoStatus.Completed ? "Completed" : "Failed",
                    duration = video.DurationSeconds,
                    failure_reason = video.FailureReason,
                }, now, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
        if (changed > 0)
        {
            // The package now holds everything a viewer needs; the source only cost disk.
            media.Delete(sourceToDelete);
            Changed?.Invoke(new VideoStateChange(videoId, status, status == VideoStatus.Completed ? 100 : 0));
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
