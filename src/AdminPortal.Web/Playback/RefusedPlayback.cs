namespace AdminPortal.Web.Playback;

/// <summary>
/// One refused page load or session start of a known token, so staff can see why a link failed. Kept in full for as
/// long as playback records are (<see cref="PlaybackRetention"/>), then only counted per day (<see cref="PlaybackDay.Refused"/>).
/// </summary>
public sealed class RefusedPlayback
{
    public long Id { get; set; }
    public long AccessTokenId { get; set; }
    public required string VideoId { get; set; }
    public DateTime At { get; set; }
    public PlaybackRefusal Reason { get; set; }

    /// <summary>True when the viewer pressed play (a session start), false for a load of the player page.</summary>
    public bool AtStart { get; set; }

    /// <summary>The token's viewer limit, when that was the reason.</summary>
    public int? Limit { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Referrer { get; set; }
}
