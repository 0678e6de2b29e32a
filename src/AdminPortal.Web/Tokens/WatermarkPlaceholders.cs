using System.Globalization;

namespace AdminPortal.Web.Tokens;

/// <summary>Fills the watermark placeholders. The player fills them with the viewer's values; the preview with samples.</summary>
public static class WatermarkPlaceholders
{
    public const string Ip = "{ip}", Date = "{date}", Code = "{code}";
    public const string SampleIp = "203.0.113.7";

    public static IReadOnlyList<string> All { get; } = [Ip, Date, Code];

    /// <summary>
    /// Puts <paramref name="placeholder"/> into <paramref name="text"/> at the caret (the end when unknown), with a space
    /// on either side where it would otherwise run into a neighbour: "{ip}" then "{date}" reads "{ip} {date}", not one run-on value.
    /// </summary>
    public static string Insert(string text, int? caret, string placeholder)
    {
        var at = Math.Clamp(caret ?? text.Length, 0, text.Length);
        var before = at > 0 && !char.IsWhiteSpace(text[at - 1]) ? " " : "";
        var after = at < text.Length && !char.IsWhiteSpace(text[at]) ? " " : "";
        return text[..at] + before + placeholder + after + text[at..];
    }

    public static string Fill(string text, string ip, DateTime utcNow, Guid code) =>
        text.Replace(Ip, ip, StringComparison.Ordinal)
            .Replace(Date, utcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(Code, code.ToString("D"), StringComparison.Ordinal);
}
