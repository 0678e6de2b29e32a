using AdminPortal.Web.Staff;

namespace AdminPortal.Web.ApiAccess;

/// <summary>The API caller as an <see cref="Actor"/>, scoped to the organization named in the URL.</summary>
public static class ApiActor
{
    /// <summary>Null when the URL names another organization than the key's: that is answered as not found.</summary>
    public static Actor? For(HttpContext context, string? organizationCode = null)
    {
        var actor = Actor.FromPrincipal(context.User);
        if (actor is null || organizationCode is not null && !string.Equals(actor.OrganizationCode, organizationCode, StringComparison.Ordinal))
        {
            return null;
        }
        return actor;
    }
}
