using AdminPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Playback;

/// <summary>Builds the absolute links handed out: playback URLs for tokens. One place, for the API, the UI and the snippet.</summary>
public sealed class PlaybackUrls(IOptions<AdminPortalOptions> options)
{
    /// <summary>The configured public base URL, else the one the caller was reached on (e.g. "https://host").</summary>
    public string BaseUrl(string requestBaseUrl) =>
        (string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? requestBaseUrl : options.Value.PublicBaseUrl).TrimEnd('/');

    public string BaseUrl(HttpRequest request) => BaseUrl($"{request.Scheme}://{request.Host}{request.PathBase}");

    public static string Embed(string baseUrl, string orgCode, string videoId, Guid code) =>
        $"{baseUrl.TrimEnd('/')}/embed/{Uri.EscapeDataString(orgCode)}/{Uri.EscapeDataString(videoId)}/?access_token={code:D}";
}
