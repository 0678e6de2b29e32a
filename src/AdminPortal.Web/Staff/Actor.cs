using System.Security.Claims;

namespace AdminPortal.Web.Staff;

/// <summary>Who is acting: a signed-in staff member or the owner of an API key. Every service call takes one.</summary>
public sealed record Actor(string UserId, string Name, int OrganizationId, string OrganizationCode, StaffRole Role)
{
    public const string OrganizationIdClaim = "org_id";
    public const string OrganizationCodeClaim = "org_code";

    /// <summary>The staff session (browser sign-in) acting, when it is one: the audit log finds its address there.</summary>
    public string? SessionId { get; init; }

    /// <summary>The API key acting, when it is one.</summary>
    public long? ApiKeyId { get; init; }

    public bool CanEdit => Role is StaffRole.Editor or StaffRole.Admin;
    public bool IsAdmin => Role is StaffRole.Admin;

    /// <summary>Null when the principal is not staff (anonymous, or missing claims).</summary>
    public static Actor? FromPrincipal(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var orgId = principal.FindFirstValue(OrganizationIdClaim);
        var orgCode = principal.FindFirstValue(OrganizationCodeClaim);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (userId is null || orgCode is null || !int.TryParse(orgId, out var organizationId)
            || !Enum.TryParse<StaffRole>(role, out var staffRole))
        {
            return null;
        }
        return new Actor(userId, principal.Identity?.Name ?? userId, organizationId, orgCode, staffRole)
        {
            SessionId = principal.FindFirstValue("sid"),
            ApiKeyId = long.TryParse(principal.FindFirstValue("api_key_id"), System.Globalization.CultureInfo.InvariantCulture, out var keyId) ? keyId : null,
        };
    }

    public IEnumerable<Claim> ToClaims() =>
    [
        new(ClaimTypes.NameIdentifier, UserId),
        new(ClaimTypes.Name, Name),
        new(ClaimTypes.Role, Role.ToString()),
        new(OrganizationIdClaim, OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(OrganizationCodeClaim, OrganizationCode),
    ];
}
