using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Playback;

/// <summary>
/// HMAC-SHA256 signatures with a key kept in the database (so every instance signs alike): for segment URLs (path and
/// expiry) and for the player page's start ticket (token, video and expiry), each under its own purpose so one can never
/// pass for the other.
/// </summary>
public sealed class MediaSigner(IDbContextFactory<AdminPortalDbContext> dbFactory, DataPaths paths, TimeProvider clock)
{
    private const string KeyName = "media-signing";

    private byte[]? key;

    /// <summary>Reads (or, on a new database, creates) the key; the database initializer calls it once at start.</summary>
    public async Task LoadKeyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // An install from before the key moved into the database keeps the key it had in its data folder.
        var file = Path.Combine(paths.KeysDirectory, "media-signing.key");
        key = await SharedSecrets.GetOrCreateAsync(db, KeyName, () => File.Exists(file) ? File.ReadAllBytes(file) : null, cancellationToken);
    }

    private byte[] Key => key ?? throw new InvalidOperationException("The media-signing key is read at start-up (DatabaseInitializer).");

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
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(purpose + "\n" + payload)));
}
