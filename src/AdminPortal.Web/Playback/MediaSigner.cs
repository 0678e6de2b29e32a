using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Hosting;

namespace AdminPortal.Web.Playback;

/// <summary>
/// HMAC-SHA256 signatures with a key kept in the data folder: for segment URLs (path and expiry) and for the player
/// page's start ticket (token, video and expiry), each under its own purpose so one can never pass for the other.
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

    /// <summary>"?expires=…&amp;signature=…" for <paramref name="path"/> (the path without PathBase), valid until <paramref name="expires"/>.</summary>
    public string SignPath(string path, DateTimeOffset expires)
    {
        var at = expires.ToUnixTimeSeconds();
        return $"?expires={at.ToString(CultureInfo.InvariantCulture)}&signature={Sign("path", path + "\n" + at.ToString(CultureInfo.InvariantCulture))}";
    }

    public bool IsValidPath(string path, string? expires, string? signature) =>
        long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
        && clock.GetUtcNow().ToUnixTimeSeconds() <= at
        && Matches(Sign("path", path + "\n" + at.ToString(CultureInfo.InvariantCulture)), signature);

    /// <summary>A ticket carrying <paramref name="payload"/> (no dots) until <paramref name="lifetime"/> has passed.</summary>
    public string Ticket(string payload, TimeSpan lifetime)
    {
        var body = payload + "." + clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return body + "." + Sign("ticket", body);
    }

    /// <summary>The payload of a genuine, unexpired ticket, else null.</summary>
    public string? ReadTicket(string? ticket)
    {
        var last = ticket?.LastIndexOf('.') ?? -1;
        if (ticket is null || last < 0 || ticket.Length > 512 || !Matches(Sign("ticket", ticket[..last]), ticket[(last + 1)..]))
        {
            return null;
        }
        var body = ticket[..last];
        var dot = body.LastIndexOf('.');
        return dot > 0 && long.TryParse(body[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() <= expires
            ? body[..dot]
            : null;
    }

    private static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));

    private string Sign(string purpose, string payload) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + payload)));
}
