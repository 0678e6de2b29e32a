using System.Text;
using AdminPortal.Web.Videos;

namespace AdminPortal.Web.Playback;

/// <summary>
/// Writes a session's copy of a video's playlists: variant and key URLs carry the session and its credential (so a
/// copied playlist dies with the session), segment URLs a signature that lasts as long as the video plus a margin.
/// </summary>
public static class HlsPlaylists
{
    public static string SessionQuery(string sessionId, string credential) =>
        $"?s={Uri.EscapeDataString(sessionId)}&c={Uri.EscapeDataString(credential)}";

    public static string MasterUrl(string pathBase, string videoId, string sessionId, string credential) =>
        $"{pathBase}/hls/{videoId}/{HlsPackage.MasterPlaylist}{SessionQuery(sessionId, credential)}";

    public static string HeartbeatUrl(string pathBase, string sessionId, string credential) =>
        $"{pathBase}/play/sessions/{Uri.EscapeDataString(sessionId)}/heartbeat?c={Uri.EscapeDataString(credential)}";

    public static string Master(IEnumerable<string> lines, string pathBase, string videoId, string sessionQuery)
    {
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                var rendition = line.Split('/')[0];
                if (!MediaStore.RenditionName().IsMatch(rendition))
                {
                    continue;
                }
                output.Append(pathBase).Append("/hls/").Append(videoId).Append('/').Append(rendition).Append('/')
                    .Append(HlsPackage.VariantPlaylist).Append(sessionQuery).Append('\n');
            }
            else
            {
                output.Append(line).Append('\n');
            }
        }
        return output.ToString();
    }

    public static string Variant(IEnumerable<string> lines, string pathBase, string videoId, string rendition, string sessionQuery,
        Func<string, string> signSegment)
    {
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            if (line == HlsPackage.KeyPlaceholder)
            {
                output.Append("#EXT-X-KEY:METHOD=AES-128,URI=\"").Append(pathBase).Append("/hls/").Append(videoId).Append("/key")
                    .Append(sessionQuery).Append("\"\n");
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var path = $"/hls/{videoId}/{rendition}/{line}";
                output.Append(pathBase).Append(path).Append(signSegment(path)).Append('\n');
            }
            else
            {
                output.Append(line).Append('\n');
            }
        }
        return output.ToString();
    }
}
