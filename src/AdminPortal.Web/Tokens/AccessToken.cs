using AdminPortal.Web.Videos;

namespace AdminPortal.Web.Tokens;

public sealed class AccessToken
{
    public long Id { get; set; }

    /// <summary>The public code: a random v4 UUID.</summary>
    public Guid Code { get; set; }

    /// <summary>The code's first 8 characters, lowercase, as staff read them off the grid; indexed so "find by code" is a seek.</summary>
    public string? CodePrefix { get; set; }
    public int OrganizationId { get; set; }
    public required string VideoId { get; set; }
    public Video? Video { get; set; }

    /// <summary>Null means the token never expires by time.</summary>
    public DateTime? ValidUntil { get; set; }
    public bool ExpiresAfterFirstUsage { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int UseCount { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public List<Annotation> Annotations { get; set; } = [];

    /// <summary>How many sessions may play at once; null for no limit.</summary>
    public int? MaxConcurrentViewers { get; set; }

    /// <summary>Addresses or CIDR ranges the player may be loaded from, in canonical form; empty for anywhere.</summary>
    public List<string> AllowedIps { get; set; } = [];

    /// <summary>Who the token is for (an e-mail, a student id), free text; null when not named.</summary>
    public string? Viewer { get; set; }

    /// <summary><see cref="Viewer"/> folded for search (see <see cref="TokenRules.ViewerKey"/>); indexed.</summary>
    public string? ViewerKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    /// <summary>Who created it: a staff e-mail, or the API key's owner.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>Its history; only filled when staged with a new token, so both insert in one SaveChanges.</summary>
    public List<TokenEvent> Events { get; set; } = [];
}
