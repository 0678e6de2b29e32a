using System.Globalization;

namespace AdminPortal.Web.Videos;

/// <summary>A sample video installed from its clear package: encrypted with a fresh key and ready to play.</summary>
public sealed record InstalledSample(string ProtectedKey, int DurationSeconds, long Bytes, int? Width, int? Height);

/// <summary>
/// The sample videos shipped under Seed/Samples/&lt;name&gt;/ as clear HLS (see package-samples.sh there). Installing one
/// encrypts it with a fresh key through the same code as an upload, so a machine without ffmpeg still gets playable,
/// encrypted samples.
/// </summary>
public static partial class SampleVideos
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Seed", "Samples");

    public static bool Exists(string name) => File.Exists(Path.Combine(Folder, name, HlsPackage.MasterPlaylist));

    public static InstalledSample Install(MediaStore media, VideoKeys keys, string name, string videoId)
    {
        var (key, protectedKey) = keys.New();
        var work = media.WorkFolder(videoId);
        HlsPackage.CopyTree(Path.Combine(Folder, name), work);
        HlsPackage.Encrypt(work, key);
        HlsPackage.MoveIntoPlace(work, media.PackageFolder(videoId));
        var folder = media.PackageFolder(videoId);
        var first = Directory.GetDirectories(folder).Order().First();
        var seconds = File.ReadLines(Path.Combine(first, HlsPackage.VariantPlaylist))
            .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));
        var bytes = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var (width, height) = LargestPicture(File.ReadLines(Path.Combine(folder, HlsPackage.MasterPlaylist)));
        return new InstalledSample(protectedKey, (int)Math.Round(seconds), bytes, width, height);
    }

    /// <summary>The largest RESOLUTION=WxH of a master playlist: the sample's own picture size.</summary>
    private static (int? Width, int? Height) LargestPicture(IEnumerable<string> masterPlaylist)
    {
        var sizes = masterPlaylist.Select(l => Resolution().Match(l)).Where(m => m.Success)
            .Select(m => (Width: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Height: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .OrderByDescending(s => s.Width * s.Height).ToList();
        return sizes.Count > 0 ? (sizes[0].Width, sizes[0].Height) : (null, null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"RESOLUTION=(\d{1,5})x(\d{1,5})")]
    private static partial System.Text.RegularExpressions.Regex Resolution();
}
