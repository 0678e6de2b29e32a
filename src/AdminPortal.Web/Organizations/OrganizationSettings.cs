using System.Globalization;
using System.Text.RegularExpressions;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Organizations;

/// <summary>The playback settings of an organization: where its player may be embedded.</summary>
public sealed record PlaybackSettings(IReadOnlyList<string> AllowedDomains, bool AllowEmptyReferrer);

/// <summary>
/// The domain list rules, in one place: host names, lowercase, at most 50; <c>*.example.com</c> means that domain and
/// all its subdomains. A pasted page address is cleaned to its host.
/// </summary>
public static partial class DomainRules
{
    public const int MaxDomains = 50;
    public const string Field = "allowedDomains";

    // \z, not $: "$" also matches before a final "\n".
    [GeneratedRegex(@"\A(?=.{1,253}\z)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\z")]
    private static partial Regex HostName();

    /// <summary>Normalises each entry (trimmed, lowercase, internationalised names as punycode) and drops duplicates.</summary>
    public static List<string> Normalise(IEnumerable<string> domains, ValidationErrors errors)
    {
        var result = new List<string>();
        foreach (var raw in domains.Select(d => d.Trim()).Where(d => d.Length > 0))
        {
            var error = Check(raw, out var host);
            if (error is not null)
            {
                errors.Add(Field, $"\"{raw}\": {error}");
            }
            else if (!result.Contains(host))
            {
                result.Add(host);
            }
        }
        if (result.Count > MaxDomains)
        {
            errors.Add(Field, $"At most {MaxDomains} domains are allowed; {result.Count} were given.");
        }
        return result;
    }

    public const string WildcardPrefix = "*.";

    /// <summary>The host of a pasted entry: a page address (<c>https://school.example.com/path</c>) gives its host; anything else is taken as it is.</summary>
    public static string HostOf(string raw)
    {
        var text = raw.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            // "school.example.com/course/7": the part before the first slash.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 ? text[..slash] : text;
        }
        if (text[..scheme].ToLowerInvariant() is not ("http" or "https"))
        {
            return text;
        }
        var rest = text[(scheme + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var port = authority.LastIndexOf(':');
        return port > 0 && authority[(port + 1)..].All(char.IsAsciiDigit) ? authority[..port] : authority;
    }

    private static string? Check(string raw, out string host)
    {
        host = HostOf(raw).ToLowerInvariant().TrimEnd('.');
        var wildcard = host.StartsWith(WildcardPrefix, StringComparison.Ordinal);
        var name = wildcard ? host[WildcardPrefix.Length..] : host;
        if (name.Contains('*', StringComparison.Ordinal))
        {
            return "a wildcard may only start the entry, as in *.example.com.";
        }
        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
        {
            return "enter the domain only, e.g. school.example.com.";
        }
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return "enter the domain without a port.";
        }
        try
        {
            name = new IdnMapping().GetAscii(name);
        }
        catch (ArgumentException)
        {
            return "is not a valid domain name.";
        }
        if (!HostName().IsMatch(name))
        {
            return "is not a valid domain name.";
        }
        if (wildcard && !name.Contains('.', StringComparison.Ordinal))
        {
            return "a wildcard needs a domain under it, as in *.example.com.";
        }
        host = wildcard ? WildcardPrefix + name : name;
        return null;
    }

    /// <summary>Whether <paramref name="host"/> is on the list: an exact entry, or under a <c>*.</c> entry (the domain itself included).</summary>
    public static string? Match(IEnumerable<string> domains, string host) =>
        domains.FirstOrDefault(d => d.StartsWith(WildcardPrefix, StringComparison.Ordinal)
            ? string.Equals(host, d[WildcardPrefix.Length..], StringComparison.OrdinalIgnoreCase)
                || host.EndsWith(d[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, d, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Reads and changes the organization's playback settings. Changing them is for Admins only.</summary>
public sealed class OrganizationSettingsService(IDbContextFactory<AdminPortalDbContext> dbFactory, Audit.IAuditLog audit)
{
    private const string AdminsOnly = "Only Admins can change the organization's settings.";

    public async Task<Result<PlaybackSettings>> GetAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, cancellationToken);
        return organization is null
            ? Result<PlaybackSettings>.NotFound()
            : Result<PlaybackSettings>.Ok(new PlaybackSettings(organization.AllowedDomains, organization.AllowEmptyReferrer));
    }

    public async Task<Result<PlaybackSettings>> UpdateAsync(Actor actor, IEnumerable<string> allowedDomains, bool allowEmptyReferrer,
        CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<PlaybackSettings>.Forbidden(AdminsOnly);
        }
        var errors = new ValidationErrors();
        var domains = DomainRules.Normalise(allowedDomains, errors);
        if (!errors.IsEmpty)
        {
            return Result<PlaybackSettings>.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return Result<PlaybackSettings>.NotFound();
        }
        var before = Describe(organization.AllowedDomains, organization.AllowEmptyReferrer);
        organization.AllowedDomains = domains;
        organization.AllowEmptyReferrer = allowEmptyReferrer;
        await audit.StageAsync(db, actor, Audit.AuditActions.SettingsChanged, "organization", actor.OrganizationCode,
            $"{before} → {Describe(domains, allowEmptyReferrer)}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<PlaybackSettings>.Ok(new PlaybackSettings(domains, allowEmptyReferrer));
    }

    /// <summary>Whether staff must use two-factor sign-in. Anyone in the organization may ask (the set-up page does).</summary>
    public async Task<bool> RequiresTwoFactorAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.RequireTwoFactor).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Turns the requirement on or off. Staff without two-factor are sent to set it up at their next page load
    /// after the sign-in cookie's next check (within a minute).
    /// </summary>
    public async Task<Result<bool>> SetRequireTwoFactorAsync(Actor actor, bool required, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Organizations.Where(o => o.Id == actor.OrganizationId)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.RequireTwoFactor, required), cancellationToken);
        if (changed == 0)
        {
            return Result<bool>.NotFound();
        }
        await audit.StageAsync(db, actor, Audit.AuditActions.SettingsChanged, "organization", actor.OrganizationCode,
            $"two-factor sign-in required: {(required ? "yes" : "no")}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<bool>.Ok(required);
    }

    private static string Describe(List<string> domains, bool allowEmptyReferrer) =>
        $"domains: {(domains.Count == 0 ? "any" : string.Join(", ", domains))}; no referrer: {(allowEmptyReferrer ? "allowed" : "refused")}";
}
