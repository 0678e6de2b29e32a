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

    public static string Exact(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

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
