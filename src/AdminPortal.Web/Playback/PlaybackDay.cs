namespace AdminPortal.Web.Playback;

/// <summary>How many times one token played (and was refused) on one UTC day, kept after that day's full records are removed.</summary>
public sealed class PlaybackDay
{
    public long Id { get; set; }
    public long AccessTokenId { get; set; }
    public required string VideoId { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }

    /// <summary>Refused loads and session starts that day (<see cref="RefusedPlayback"/>).</summary>
    public int Refused { get; set; }
}
