using AdminPortal.Web.Organizations;
using Microsoft.AspNetCore.Identity;

namespace AdminPortal.Web.Data;

/// <summary>
/// A staff member (belongs to exactly one organization and holds one role, see <c>StaffRole</c>) or a platform operator
/// (no organization, the <c>Operator</c> role).
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>Null only for platform operators.</summary>
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public bool PrefersDarkMode { get; set; }

    /// <summary>How colleagues see this member; optional, the e-mail stands in when empty.</summary>
    public string? DisplayName { get; set; }

    public DateTime? LastSignInAt { get; set; }
}
