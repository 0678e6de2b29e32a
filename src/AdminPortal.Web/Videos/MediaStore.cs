using AdminPortal.Web.Hosting;

namespace AdminPortal.Web.Videos;

/// <summary>Files of videos and thumbnails under the media folder. Names are generated, never taken from users.</summary>
public sealed class MediaStore(DataPaths paths)
{
    public string PathOf(string fileName)
    {
        // Guard against a stored name ever escaping the folder.
        var full = Path.GetFullPath(Path.Combine(paths.MediaRoot, fileName));
        if (!full.StartsWith(paths.MediaRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Media file outside the media folder.");
        }
        return full;
    }

    public bool Exists(string fileName) => File.Exists(PathOf(fileName));

    public void Delete(string? fileName)
    {
        if (fileName is not null && Exists(fileName))
        {
            File.Delete(PathOf(fileName));
        }
    }

    /// <summary>A temporary file in the media folder, for an upload in progress.</summary>
    public string NewTempPath() => Path.Combine(paths.MediaRoot, $"upload-{Guid.NewGuid():N}.tmp");

    public static string? ThumbnailUrl(Video video) => ThumbnailUrl(video.Id, video.ThumbnailFile);

    /// <summary>Thumbnails are not protected content; the unguessable video id keeps them unlisted.</summary>
    public static string? ThumbnailUrl(string videoId, string? thumbnailFile) =>
        thumbnailFile is null ? null : $"/thumbnails/{videoId}";
}
