using System.Security.Cryptography;

namespace AdminPortal.Web.Videos;

/// <summary>Video ids: 16 characters from a 62-letter alphabet, about 95 bits from a cryptographic source.</summary>
public static class VideoIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    public const int Length = 16;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Cheap shape check so malformed ids never reach the database.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c));
}
