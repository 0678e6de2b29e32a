using System.Net;
using System.Net.Sockets;
using System.Globalization;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

/// <summary>Rules for the token's own fields.</summary>
public static class TokenRules
{
    /// <summary>Ten years: longer is a mistake, not a policy.</summary>
    public const long MaxTimeToLiveSeconds = 10L * 365 * 24 * 60 * 60;

    public const string TimeToLiveMessage = "Must be a whole number of seconds, 0 or more.";

    public const string MaxConcurrentViewersField = "max_concurrent_viewers";
    public const int MaxConcurrentViewersLimit = 1000;
    public const string MaxConcurrentViewersMessage = "Must be a whole number from 1 to 1,000, or null for no limit.";

    public const string ViewerField = "viewer";
    public const int MaxViewerLength = 200;
    public const string ViewerMessage = "Must be 1-200 characters of text without line breaks, or null for no viewer.";

    public const string AllowedIpsField = "allowed_ips";
    public const int MaxAllowedIps = 20;
    public static string Description { get; } =
        $"Seconds from now until the token expires, 0 to {MaxTimeToLiveSeconds.ToString("N0", CultureInfo.InvariantCulture)} (10 years); "
        + "0 expires it at once; null removes the time limit. On update it counts from the time of the update. "
        + "Expiry stops new page loads, not a playback already started; revoking (DELETE) ends playing sessions within 30 s.";

    /// <summary>The same rule for a form that counts in another unit (minutes, hours, days).</summary>
    public static string MessageIn(string unitName, long secondsPerUnit) =>
        $"Enter a whole number of {unitName} from 0 to {(MaxTimeToLiveSeconds / secondsPerUnit).ToString("N0", CultureInfo.InvariantCulture)} (10 years).";

    public static void ValidateTimeToLive(long? seconds, ValidationErrors errors)
    {
        if (seconds is < 0)
        {
            errors.Add("time_to_live", TimeToLiveMessage);
        }
        else if (seconds > MaxTimeToLiveSeconds)
        {
            errors.Add("time_to_live", $"Must be at most {MaxTimeToLiveSeconds} seconds (10 years).");
        }
    }

    public static void ValidateMaxConcurrentViewers(long? viewers, ValidationErrors errors)
    {
        if (viewers is < 1 or > MaxConcurrentViewersLimit)
        {
            errors.Add(MaxConcurrentViewersField, MaxConcurrentViewersMessage);
        }
    }

    /// <summary>The viewer label, trimmed; blank means none. Errors are keyed <c>viewer</c>.</summary>
    public static string? ValidateViewer(string? viewer, ValidationErrors errors, string field = ViewerField)
    {
        var trimmed = viewer?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > MaxViewerLength || trimmed.Any(char.IsControl) || !TextRules.IsWellFormed(trimmed))
        {
            errors.Add(field, ViewerMessage);
            return null;
        }
        return trimmed;
    }

    /// <summary>The viewer label as searched: case folded, so "Ann@School.org" is found by "ann@". Null for no viewer.</summary>
    public static string? ViewerKey(string? viewer) => string.IsNullOrEmpty(viewer) ? null : viewer.ToLowerInvariant();

    /// <summary>The first 8 characters of a code, as the grid shows them.</summary>
    public static string CodePrefix(Guid code) => code.ToString("D")[..8];

    /// <summary>Checks and canonicalizes the list (e.g. "10.1.0.0/16", "2001:db8::1"); null when any entry is bad.</summary>
    public static List<string>? ValidateAllowedIps(IReadOnlyList<string> entries, ValidationErrors errors)
    {
        if (entries.Count > MaxAllowedIps)
        {
            errors.Add(AllowedIpsField, $"At most {MaxAllowedIps} addresses or ranges; {entries.Count} were given.");
            return null;
        }
        var canonical = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (ParseNetwork(entries[i]?.Trim(), out var network, out var problem))
            {
                var text = network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                    ? network.BaseAddress.ToString()
                    : network.ToString();
                if (!canonical.Contains(text))
                {
                    canonical.Add(text);
                }
            }
            else
            {
                errors.Add($"{AllowedIpsField}[{i}]", problem);
            }
        }
        return errors.IsEmpty ? canonical : null;
    }

    /// <summary>Whether the viewer's address is inside one of the entries; an empty list allows every address.</summary>
    public static bool AllowsAddress(IReadOnlyList<string> allowedIps, string? viewerAddress)
    {
        if (allowedIps.Count == 0)
        {
            return true;
        }
        if (!IPAddress.TryParse(viewerAddress, out var address))
        {
            return false;
        }
        address = Unmapped(address);
        foreach (var entry in allowedIps)
        {
            if (ParseNetwork(entry, out var network, out _) && network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ParseNetwork(string? entry, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "";
        if (string.IsNullOrEmpty(entry) || entry.Length > 64)
        {
            problem = "Must be an IPv4 or IPv6 address or a CIDR range, e.g. 203.0.113.7 or 203.0.113.0/24.";
            return false;
        }
        var slash = entry.IndexOf('/');
        var text = slash < 0 ? entry : entry[..slash];
        // IPAddress also reads "10" or "10.1" as IPv4 shorthands; an allow-list entry must be written out in full.
        if (!IPAddress.TryParse(text, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            problem = $"\"{entry}\" is not an IPv4 or IPv6 address; use e.g. 203.0.113.7, 2001:db8::1 or 203.0.113.0/24.";
            return false;
        }
        var mapped = address.IsIPv4MappedToIPv6;
        address = Unmapped(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            if (!int.TryParse(entry[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix)
                || prefix > (mapped ? 128 : bits) || (mapped && prefix < 96))
            {
                problem = $"\"{entry}\" has a bad prefix length; it must be 0-{bits} for an {(bits == 32 ? "IPv4" : "IPv6")} range.";
                return false;
            }
            prefix = mapped ? prefix - 96 : prefix;
        }
        var masked = new IPNetwork(Mask(address, prefix), prefix);
        if (!masked.BaseAddress.Equals(address))
        {
            problem = $"\"{entry}\" has host bits set; did you mean {masked}?";
            return false;
        }
        network = masked;
        return true;
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
