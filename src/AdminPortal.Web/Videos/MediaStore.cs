using System.Text.RegularExpressions;
using AdminPortal.Web.Hosting;

namespace AdminPortal.Web.Videos;

/// <summary>
/// Files of videos and thumbnails under the media folder. Names are generated, never taken from users.
/// A ready video is a folder named by its id: master.m3u8 and one folder per rendition of encrypted segments.
/// </summary>
public sealed partial class MediaStore(DataPaths paths)
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
        if (!string.IsNullOrEmpty(fileName) && Exists(fileName))
        {
            File.Delete(PathOf(fileName));
        }
    }

    /// <summary>A temporary file in the media folder, for an upload in progress.</summary>
    public string NewTempPath() => Path.Combine(paths.MediaRoot, $"upload-{Guid.NewGuid():N}.tmp");

    /// <summary>The ready HLS package of a video.</summary>
    public string PackageFolder(string videoId) => PathOf(videoId);

    /// <summary>Where a package is built before it is moved into place in one step.</summary>
    public string WorkFolder(string videoId) => PathOf(videoId + ".packaging");

    /// <summary>A file of a ready package, or null when the names are not ours (so no path can be smuggled in).</summary>
    public string? PackageFile(string videoId, string rendition, string file) =>
        VideoIds.IsWellFormed(videoId) && RenditionName().IsMatch(rendition) && (file == HlsPackage.VariantPlaylist || SegmentName().IsMatch(file))
            ? Path.Combine(PackageFolder(videoId), rendition, file)
            : null;

    public string MasterPlaylist(string videoId) => Path.Combine(PackageFolder(videoId), HlsPackage.MasterPlaylist);

    /// <summary>
    /// Removes a video's package, any half-built one, and the given files. A work folder ffmpeg is still writing may
    /// resist; the packaging worker removes what is left when it sees the video is gone.
    /// </summary>
    public void DeleteVideoFiles(string videoId, params string?[] files)
    {
        foreach (var folder in new[] { PackageFolder(videoId), WorkFolder(videoId) })
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }
        foreach (var file in files)
        {
            Delete(file);
        }
    }

    public static string? ThumbnailUrl(Video video) => ThumbnailUrl(video.Id, video.ThumbnailFile);

    /// <summary>Thumbnails are not protected content; the unguessable video id keeps them unlisted.</summary>
    public static string? ThumbnailUrl(string videoId, string? thumbnailFile) =>
        thumbnailFile is null ? null : $"/thumbnails/{videoId}";

    [GeneratedRegex("^[0-9]{2,4}p$")]
    public static partial Regex RenditionName();

    [GeneratedRegex("^seg-[0-9]{5}\\.ts$")]
    private static partial Regex SegmentName();
}
