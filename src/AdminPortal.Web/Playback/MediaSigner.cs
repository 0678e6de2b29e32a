using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Hosting;

namespace AdminPortal.Web.Playback;

/// <summary>
/// Signs media URLs: HMAC-SHA256 over the video id and an expiry, with a key kept in the data folder.
/// The media endpoint serves bytes only for a valid, unexpired signature bound to that video.
/// </summary>
public sealed class MediaSigner
{
    private readonly byte[] key;
    private readonly TimeProvider clock;

    public MediaSigner(DataPaths paths, TimeProvider clock)
    {
        this.clock = clock;
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
