using AdminPortal.Web.Organizations;

namespace AdminPortal.Web.Playback;

/// <summary>
/// The domain restriction, in one place: which sites may frame the player (CSP frame-ancestors)
/// and whether a load's Referer is acceptable.
/// </summary>
public static class EmbedSitePolicy
{
    /// <summary>The frame-ancestors directive: anyone when no domain is listed, else the portal and the listed hosts.</summary>
    public static string FrameAncestors(Organization organization) =>
        organization.AllowedDomains.Count == 0
            ? "frame-ancestors *"
            : "frame-ancestors 'self' " + string.Join(' ', organization.AllowedDomains.SelectMany(d => new[] { "https://" + d, "http://" + d }));

    /// <summary>
    /// Whether a load with this Referer may play. The portal's own host is always allowed so staff previews work;
    /// a load without a Referer is allowed only when the organization says so.
    /// </summary>
    public static bool Allows(Organization organization, string? referrer, string portalHost)
    {
        if (organization.AllowedDomains.Count == 0)
        {
            return true;
        }
        if (string.IsNullOrWhiteSpace(referrer))
        {
            return organization.AllowEmptyReferrer;
        }
        if (!Uri.TryCreate(referrer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        var host = uri.IdnHost.ToLowerInvariant();
        return string.Equals(host, portalHost, StringComparison.OrdinalIgnoreCase)
            || organization.AllowedDomains.Contains(host, StringComparer.OrdinalIgnoreCase);
    }
}
