using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Videos;

public enum VideoSort
{
    Created,
    Title,
    Duration,
    Bytes,
}

public sealed record VideoQuery(string? Search = null, VideoSort SortBy = VideoSort.Created, bool Descending = true, int Offset = 0, int Limit = 20);

public sealed record VideoSummary(
    string Id,
    string Title,
    VideoStatus Status,
    int DurationSeconds,
    long Bytes,
    string? ThumbnailUrl,
    DateTime CreatedAt,
    int ActiveTokenCount,
    int ProcessingPercent = 0,
    string? FailureReason = null);

/// <summary>Reads the organization's videos. Every query is scoped to the actor's organization.</summary>
public sealed class VideoCatalog(IDbContextFactory<AdminPortalDbContext> dbFactory, TimeProvider clock)
{

    public async Task<Page<VideoSummary>> ListAsync(Actor actor, VideoQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var videos = db.Videos.AsNoTracking().Where(v => v.OrganizationId == actor.OrganizationId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            // SQLite's LIKE ignores case; PostgreSQL's ILIKE is the same search there.
            videos = db.Database.IsNpgsql()
                ? videos.Where(v => EF.Functions.ILike(v.Title, pattern, "\\"))
                : videos.Where(v => EF.Functions.Like(v.Title, pattern, "\\"));
        }

        var total = await videos.CountAsync(cancellationToken);
        videos = (query.SortBy, query.Descending) switch
        {
            (VideoSort.Title, false) => videos.OrderBy(v => v.Title).ThenBy(v => v.Id),
            (VideoSort.Title, true) => videos.OrderByDescending(v => v.Title).ThenBy(v => v.Id),
            (VideoSort.Duration, false) => videos.OrderBy(v => v.DurationSeconds).ThenBy(v => v.Id),
            (VideoSort.Duration, true) => videos.OrderByDescending(v => v.DurationSeconds).ThenBy(v => v.Id),
            (VideoSort.Bytes, false) => videos.OrderBy(v => v.Bytes).ThenBy(v => v.Id),
            (VideoSort.Bytes, true) => videos.OrderByDescending(v => v.Bytes).ThenBy(v => v.Id),
            (_, false) => videos.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id),
            _ => videos.OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id),
        };

        var active = TokenStatusRule.Filter(clock.GetUtcNow().UtcDateTime);
        var page = await videos
            .Window(query.Offset, query.Limit)
            .Select(v => new
            {
                v.Id,
                v.Title,
                v.Status,
                v.DurationSeconds,
                v.Bytes,
                v.ThumbnailFile,
                v.CreatedAt,
                v.ProcessingPercent,
                v.FailureReason,
                Active = db.AccessTokens.Where(t => t.VideoId == v.Id).Count(active),
            })
            .ToListAsync(cancellationToken);

        return new Page<VideoSummary>(
            page.Select(v => new VideoSummary(v.Id, v.Title, v.Status, v.DurationSeconds, v.Bytes,
                MediaStore.ThumbnailUrl(v.Id, v.ThumbnailFile), v.CreatedAt, v.Active,
                v.ProcessingPercent, v.FailureReason)).ToList(),
            total);
    }

    /// <summary>The video if it exists in the actor's organization; another organization's video is not found.</summary>
    public async Task<Video?> FindAsync(Actor actor, string videoId, CancellationToken cancellationToken = default) =>
        await FindAsync(actor.OrganizationId, videoId, cancellationToken);

    public async Task<Video?> FindAsync(int organizationId, string videoId, CancellationToken cancellationToken = default)
    {
        if (!VideoIds.IsWellFormed(videoId))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Videos.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == videoId && v.OrganizationId == organizationId, cancellationToken);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
