namespace AdminPortal.Web.Videos;

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Where video and thumbnail files are kept; relative paths are under the data folder.</summary>
    public string Root { get; set; } = "media";

    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long a signed media URL outlives the page load, beyond the video's own duration.</summary>
    public TimeSpan SignatureMargin { get; set; } = TimeSpan.FromHours(1);
}
