using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Videos;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Playback;

/// <summary>
/// Signs media URLs: HMAC-SHA256 over the video id and an expiry, with a key kept in the data folder.
/// The media endpoint serves bytes only for a valid, unexpired signature bound to that video.
/// </summary>
public sealed class MediaSigner
{
    private readonly byte[] key;
    private readonly TimeProvider clock;
    private readonly IOptions<MediaOptions> options;

    /// <summary>Staff pages stay open for a working day; their preview should not stop playing before that.</summary>
    public static readonly TimeSpan StaffPreviewLifetime = TimeSpan.FromHours(12);

    public MediaSigner(DataPaths paths, TimeProvider clock, IOptions<MediaOptions> options)
    {
        this.clock = clock;
        this.options = options;
        var file = Path.Combine(paths.KeysDirectory, "media-signing.key");
        if (!File.Exists(file))
        {
            // Created once; concurrent starts race harmlessly because the loser reads the winner's key.
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(file))
            {
            }
        }
        key = File.ReadAllBytes(file);
    }

    /// <summary>For a viewer's page load: outlives it by the video's length plus a margin, so a started playback ends normally.</summary>
    public string ForPlayback(Video video) =>
        SignedPath(video.Id, TimeSpan.FromSeconds(video.DurationSeconds) + options.Value.SignatureMargin);

    /// <summary>For the signed-in staff's own previews (video page, token editor).</summary>
    public string ForStaffPreview(Video video) => SignedPath(video.Id, StaffPreviewLifetime);

    /// <summary>A relative URL for the video's bytes, valid for <paramref name="lifetime"/>.</summary>
    public string SignedPath(string videoId, TimeSpan lifetime)
    {
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return $"/media/{videoId}?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Sign(videoId, expires)}";
    }

    public bool IsValid(string videoId, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || signature is null
            || clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(videoId, expiresAt));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(string videoId, long expires)
    {
        var payload = Encoding.UTF8.GetBytes($"{videoId}\n{expires.ToString(CultureInfo.InvariantCulture)}");
        return System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }
}
