namespace AdminPortal.Web.Playback;

/// <summary>One successful load of the player page.</summary>
public sealed class PlaybackRecord
{
    // Column lengths: declared to the database from here, and values fitted to them with Fit, so the two never drift.
    public const int MaxIpAddressLength = 64;
    public const int MaxUserAgentLength = 512;
    public const int MaxReferrerLength = 1024;

    public long Id { get; set; }
    public long AccessTokenId { get; set; }
    public required string VideoId { get; set; }
    public DateTime At { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Referrer { get; set; }

    /// <summary>Cuts a value to its column's length.</summary>
    public static string? Fit(string? value, int maxLength) => value is { Length: > 0 } && value.Length > maxLength ? value[..maxLength] : value;
}
