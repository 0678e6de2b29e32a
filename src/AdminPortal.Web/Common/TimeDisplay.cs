using System.Text.RegularExpressions;

namespace AdminPortal.Web.Common;

/// <summary>How a time is written: the local date, a compact date and time, or to the second.</summary>
public enum TimeForm
{
    Exact,
    Compact,
    Date,
}

/// <summary>
/// The time zone one browser reads times in, with UTC beside them. Set once per request and per circuit from the cookie
/// portal.js writes (the browser's IANA zone), so prerendered and interactive output agree and nothing flickers.
/// UTC until known, for a zone this server does not know, and when staff chose UTC in My account.
/// </summary>
public sealed partial class TimeDisplay
{
    /// <summary>The browser's zone, written by portal.js on every page load.</summary>
    public const string ZoneCookie = "portal-tz";

    /// <summary>Present ("utc") when staff chose to read times in UTC on this browser.</summary>
    public const string UtcCookie = "portal-times";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether a zone was given (a cookie or the browser); false shows UTC until it is.</summary>
    public bool IsKnown { get; private set; }

    public void Use(string? zoneId)
    {
        IsKnown = !string.IsNullOrEmpty(zoneId);
        Zone = Find(zoneId);
    }

    public string Format(DateTime utc, TimeForm form) => form switch
    {
        TimeForm.Compact => Formats.Compact(utc, Zone),
        TimeForm.Date => Formats.Date(utc, Zone),
        _ => Formats.Exact(utc, Zone),
    };

    public string Exact(DateTime utc) => Formats.Exact(utc, Zone);

    public string Date(DateTime utc) => Formats.Date(utc, Zone);

    /// <summary>The zone to use for a request: UTC when staff chose it, else the browser's.</summary>
    public static string? FromCookies(IRequestCookieCollection cookies) =>
        cookies.ContainsKey(UtcCookie) ? "UTC" : cookies[ZoneCookie];

    /// <summary>The zone of an IANA id; UTC for anything unknown or malformed (it comes from a cookie). Never throws.</summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !ZoneId().IsMatch(id) || id.Contains("..", StringComparison.Ordinal))
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            // Etc/UTC, Zulu and any zone that never leaves UTC read as plain UTC, with nothing beside them.
            return zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? TimeZoneInfo.Utc : zone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException or IOException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+\\-/]*$")]
    private static partial Regex ZoneId();
}
