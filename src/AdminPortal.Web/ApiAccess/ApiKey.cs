namespace AdminPortal.Web.ApiAccess;

/// <summary>A server API key. Only its SHA-256 hash is stored; the key itself is shown once.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string UserId { get; set; }
    public required string UserEmail { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>First characters of the key, so staff can tell keys apart.</summary>
    public required string Prefix { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    /// <summary>Made by <c>POST /api/auth/login/</c> (a backend's own login), not named by an Admin.</summary>
    public bool FromLogin { get; set; }
}
