namespace AdminPortal.Web.Videos;

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Where video and thumbnail files are kept; relative paths are under the data folder.</summary>
    public string Root { get; set; } = "media";

    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long signed segment URLs outlive a session's start, beyond the video's own duration.</summary>
    public TimeSpan SignatureMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The ffmpeg executable that packages uploads into HLS: a path, or a name looked up on PATH.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>How many videos are packaged at once (1 or 2), so the portal stays responsive.</summary>
    public int PackagingConcurrency { get; set; } = 1;

    /// <summary>Threads each ffmpeg run may use.</summary>
    public int FfmpegThreads { get; set; } = 2;

    public const int MaxPackagingConcurrency = 2;
}
