namespace AdminPortal.Web.Playback;

/// <summary>One successful load of the player page.</summary>
public sealed class PlaybackRecord
{
    public long Id { get; set; }
    public long AccessTokenId { get; set; }
    public required string VideoId { get; set; }
    public DateTime At { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Referrer { get; set; }
}
