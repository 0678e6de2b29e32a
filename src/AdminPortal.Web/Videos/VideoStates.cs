namespace AdminPortal.Web.Videos;

/// <summary>How a video's state reads to staff, in one place for the list, the video page and the previews.</summary>
public static class VideoStates
{
    public static string Label(VideoStatus status, int percent) => status switch
    {
        VideoStatus.Completed => "Ready",
        VideoStatus.Processing => $"Processing {percent}%",
        _ => "Failed",
    };

    public static string Describe(VideoStatus status, int percent, string? reason) => status switch
    {
        VideoStatus.Completed => "Ready to play.",
        VideoStatus.Processing => $"Preparing for streaming: {percent}%. It plays once it is ready.",
        _ => $"Processing failed: {reason ?? "unknown reason"}. Delete it and upload the file again.",
    };
}
