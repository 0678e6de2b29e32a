using System.Globalization;

namespace AdminPortal.Web.Common;

/// <summary>How numbers and times read in the portal.</summary>
public static class Formats
{
    public static string Duration(int seconds)
    {
        var time = TimeSpan.FromSeconds(seconds);
        return time.TotalHours >= 1
            ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / 1024d / 1024).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1024d / 1024 / 1024).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };

    public static string Date(DateTime utc) => utc.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>UTC, for texts that are stored or sent (mails, audit entries); pages show <see cref="Exact(DateTime, TimeZoneInfo)"/>.</summary>
    public static string Exact(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The local date in <paramref name="zone"/>: "3 Dec 2026".</summary>
    public static string Date(DateTime utc, TimeZoneInfo zone) => Local(utc, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// "2026-12-03 08:05:00 (13:05:00 UTC)": the local time with UTC beside it, the UTC date only when it differs;
    /// in UTC itself just "2026-12-03 13:05:00 UTC".
    /// </summary>
    public static string Exact(DateTime utc, TimeZoneInfo zone) => WithUtc(utc, zone, "yyyy-MM-dd HH:mm:ss", "HH:mm:ss");

    /// <summary>"4 Dec 08:05 (13:05 UTC)": compact enough for a grid cell.</summary>
    public static string Compact(DateTime utc, TimeZoneInfo zone) => WithUtc(utc, zone, "d MMM HH:mm", "HH:mm");

    /// <summary>The zone and its offset at that instant, for a tooltip: "America/New_York, UTC−05:00".</summary>
    public static string ZoneName(DateTime utc, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(AsUtc(utc));
        var sign = offset < TimeSpan.Zero ? "\u2212" : "+";
        return zone == TimeZoneInfo.Utc ? "UTC" : $"{zone.Id}, UTC{sign}{offset.Duration():hh\\:mm}";
    }

    // UTC is written in the local text's format, without its date when both fall on the same day.
    private static string WithUtc(DateTime utc, TimeZoneInfo zone, string format, string timeOnly)
    {
        utc = AsUtc(utc);
        if (zone == TimeZoneInfo.Utc)
        {
            return utc.ToString(format, CultureInfo.InvariantCulture) + " UTC";
        }
        var local = Local(utc, zone);
        var utcText = utc.ToString(local.Date == utc.Date ? timeOnly : format, CultureInfo.InvariantCulture);
        return $"{local.ToString(format, CultureInfo.InvariantCulture)} ({utcText} UTC)";
    }

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), zone);

    // Rows read back from SQLite come as Unspecified; every stored time is UTC.
    private static DateTime AsUtc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    /// <summary>"in 5 minutes", "3 hours ago".</summary>
    public static string Relative(DateTime utc, DateTime now)
    {
        var delta = utc - now;
        var span = delta.Duration();
        var text = span.TotalSeconds < 60 ? "less than a minute"
            : span.TotalMinutes < 60 ? Plural((int)span.TotalMinutes, "minute")
            : span.TotalHours < 48 ? Plural((int)span.TotalHours, "hour")
            : Plural((int)span.TotalDays, "day");
        return delta >= TimeSpan.Zero ? $"in {text}" : $"{text} ago";
    }

    /// <summary>"3 minutes ago" for a past instant (never "in ..." for one that is just now).</summary>
    public static string Ago(DateTime utc, DateTime now) => Relative(utc < now ? utc : now.AddTicks(-1), now);

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
