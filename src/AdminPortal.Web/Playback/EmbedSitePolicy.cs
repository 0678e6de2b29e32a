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
            : "frame-ancestors 'self' " + string.Join(' ', organization.AllowedDomains.SelectMany(Sources));

    /// <summary>CSP sources for one entry; <c>*.example.com</c> covers the domain itself too, which CSP's wildcard does not.</summary>
    private static IEnumerable<string> Sources(string domain) =>
        domain.StartsWith(DomainRules.WildcardPrefix, StringComparison.Ordinal)
            ? ["https://" + domain[DomainRules.WildcardPrefix.Length..], "http://" + domain[DomainRules.WildcardPrefix.Length..], "https://" + domain, "http://" + domain]
            : ["https://" + domain, "http://" + domain];

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
            || DomainRules.Match(organization.AllowedDomains, host) is not null;
    }

    /// <summary>For staff: whether a page at <paramref name="pageUrl"/> could embed the player under these settings, and why, in plain words.</summary>
    public static (bool Allowed, string Why) Explain(IReadOnlyList<string> domains, string pageUrl)
    {
        var text = pageUrl.Trim();
        var schemeEnd = text.IndexOf(':', StringComparison.Ordinal);
        var otherScheme = !text.Contains("://", StringComparison.Ordinal) && schemeEnd > 0 && (schemeEnd + 1 >= text.Length || !char.IsAsciiDigit(text[schemeEnd + 1]));
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }
        if (otherScheme || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return (false, "That is not a web page address. Paste the address of the page that shows the video, e.g. https://school.example.com/course.");
        }
        var host = uri.IdnHost.ToLowerInvariant();
        if (domains.Count == 0)
        {
            return (true, $"Yes: no domains are listed, so every site may embed your videos, {host} included.");
        }
        return DomainRules.Match(domains, host) is { } entry
            ? (true, entry == host ? $"Yes: {host} is on the list." : $"Yes: {host} is covered by {entry}.")
            : (false, $"No: {host} is not on the list. Add {host}"
                + (host.Split('.') is { Length: > 2 } labels ? $" (or *.{string.Join('.', labels[1..])} for all its neighbours)" : "") + " and save.");
    }
}
