using System.Security.Claims;

namespace AdminPortal.Web.Operators;

/// <summary>
/// A platform operator: runs the install, above organizations. Belongs to none, so holds no staff role and sees no
/// organization's videos or tokens; every <see cref="OrganizationAdminService"/> call takes one.
/// </summary>
public sealed record PlatformOperator(string UserId, string Name)
{
    /// <summary>The Identity role name.</summary>
    public const string Role = "Operator";

    /// <summary>Null when the principal is not an operator.</summary>
    public static PlatformOperator? FromPrincipal(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is not null && principal.IsInRole(Role) ? new PlatformOperator(userId, principal.Identity?.Name ?? userId) : null;
    }
}
