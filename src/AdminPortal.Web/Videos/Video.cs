using AdminPortal.Web.Organizations;

namespace AdminPortal.Web.Videos;

/// <summary>
/// A video's life: uploaded and <see cref="Processing"/> (packaging into encrypted HLS), then <see cref="Completed"/>
/// (ready to play; the API's "Completed") or <see cref="Failed"/> with a reason. Only Completed videos play.
/// </summary>
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

    /// <summary>The picture's size as ffmpeg read it when packaging; null for videos packaged before it was kept (taken as 16:9).</summary>
    public int? Width { get; set; }
    public int? Height { get; set; }

    /// <summary>Taller than wide (a 9:16 phone video): previews and snippets default to a portrait frame.</summary>
    public bool IsPortrait => Width is { } width && Height is { } height && height > width;
    public long Bytes { get; set; }

    /// <summary>File name of the uploaded source inside the media folder, kept only until packaging is done.</summary>
    public required string MediaFile { get; set; }
    public required string ContentType { get; set; }

    /// <summary>File name of the thumbnail inside the media folder, if any.</summary>
    public string? ThumbnailFile { get; set; }
    public VideoStatus Status { get; set; }

    /// <summary>How far packaging has come, 0–100, while <see cref="VideoStatus.Processing"/>.</summary>
    public int ProcessingPercent { get; set; }

    /// <summary>Why packaging failed, in plain words, when <see cref="VideoStatus.Failed"/>.</summary>
    public string? FailureReason { get; set; }

    /// <summary>The AES-128 key of its HLS segments, protected with Data Protection; never on disk beside the media.</summary>
    public string? ProtectedKey { get; set; }
    public DateTime CreatedAt { get; set; }
}
