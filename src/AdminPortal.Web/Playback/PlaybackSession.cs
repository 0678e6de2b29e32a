namespace AdminPortal.Web.Playback;

/// <summary>Why a playback session ended.</summary>
public enum SessionEndReason
{
    /// <summary>The player said so (page closed, video ended and left).</summary>
    Closed,

    /// <summary>Its token was revoked while it played.</summary>
    Revoked,

    /// <summary>Staff stopped this one viewer ("Stop this viewer").</summary>
    Stopped,

    /// <summary>The organization was suspended while it played.</summary>
    Suspended,
}

/// <summary>
/// One playback: opened by the player when the viewer starts the video, kept alive by heartbeats, and the only thing
/// the video's AES key is served to. Staff previews are sessions too, flagged, and never count as uses.
/// </summary>
public sealed class PlaybackSession
{
    /// <summary>Opaque random id, named in the session's URLs.</summary>
    public required string Id { get; set; }

    /// <summary>SHA-256 of the session's credential; the credential itself is only ever in the player's hands.</summary>
    public required byte[] CredentialHash { get; set; }
    public long? AccessTokenId { get; set; }
    public required string VideoId { get; set; }
    public bool IsStaffPreview { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public SessionEndReason? EndReason { get; set; }

    /// <summary>Seconds of video played, as the player reports it.</summary>
    public double SecondsWatched { get; set; }

    /// <summary>The furthest position reached, in seconds.</summary>
    public double FurthestPosition { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Referrer { get; set; }
}
