using AdminPortal.Web.Organizations;

namespace AdminPortal.Web.Videos;

public enum VideoStatus
{
    Processing,
    Completed,
    Failed,
}

public sealed class Video
{
    /// <summary>Opaque, URL-safe, unguessable id (see <see cref="VideoIds"/>).</summary>
    public required string Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Title { get; set; }
    public int DurationSeconds { get; set; }
    public long Bytes { get; set; }

    /// <summary>File name of the media inside the media folder.</summary>
    public required string MediaFile { get; set; }
    public required string ContentType { get; set; }

    /// <summary>File name of the thumbnail inside the media folder, if any.</summary>
    public string? ThumbnailFile { get; set; }
    public VideoStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
}
