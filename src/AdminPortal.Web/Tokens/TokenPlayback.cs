using AdminPortal.Web.Organizations;
using AdminPortal.Web.Videos;

namespace AdminPortal.Web.Tokens;

/// <summary>Why a player load was let through or not; each refusal has its own plain-words page.</summary>
public enum PlaybackOutcome
{
    Played,

    /// <summary>Unknown or malformed code, or an unknown organization or video: 404.</summary>
    NotFound,

    /// <summary>The time to live has passed: 403.</summary>
    Expired,

    /// <summary>A single-use token already played: 403.</summary>
    UsedUp,
    Revoked,

    /// <summary>The code belongs to another video: 403.</summary>
    WrongVideo,

    /// <summary>The embedding site is not on the organization's list: 403, and the token is not consumed.</summary>
    SiteNotAllowed,
}

/// <summary>Who is loading the player, as recorded for each successful load.</summary>
public sealed record PlaybackViewer(string? IpAddress, string? UserAgent, string? Referrer);

/// <summary>The result of a player load: on <see cref="PlaybackOutcome.Played"/>, the token, its video and organization.</summary>
public sealed record PlaybackGrant(PlaybackOutcome Outcome, AccessToken? Token = null, Video? Video = null, Organization? Organization = null)
{
    public bool IsPlayed => Outcome == PlaybackOutcome.Played;
}
