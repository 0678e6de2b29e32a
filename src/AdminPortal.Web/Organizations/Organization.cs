namespace AdminPortal.Web.Organizations;

public sealed class Organization
{
    public int Id { get; set; }

    /// <summary>Short lowercase slug that names the organization in URLs, e.g. <c>demo</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>When any are listed, only these sites may embed the player.</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Whether a player load without a Referer (native apps, privacy browsers) is allowed while domains are listed.</summary>
    public bool AllowEmptyReferrer { get; set; } = true;

    /// <summary>Staff without an authenticator app are sent to set one up right after signing in, and can do nothing else.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>Set by a platform operator: the organization's tokens do not play, its staff cannot sign in, its API keys answer 401.</summary>
    public DateTime? SuspendedAt { get; set; }
}
