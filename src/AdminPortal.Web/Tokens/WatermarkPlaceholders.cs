using System.Globalization;

namespace AdminPortal.Web.Tokens;

/// <summary>Fills the watermark placeholders. The player fills them with the viewer's values; the preview with samples.</summary>
public static class WatermarkPlaceholders
{
    public const string Ip = "{ip}", Date = "{date}", Code = "{code}", Viewer = "{viewer}";
    public const string SampleIp = "203.0.113.7";
    public const string SampleViewer = "student@example.com";

    public static IReadOnlyList<string> All { get; } = [Ip, Date, Code, Viewer];

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

    /// <summary>
    /// The text with each placeholder replaced. The result is still plain text: the player page puts it into
    /// attribute-encoded JSON and the script sets it with textContent, so a label like "&lt;b&gt;" shows as typed.
    /// </summary>
    public static string Fill(string text, string ip, DateTime utcNow, Guid code, string? viewer = null) =>
        text.Replace(Ip, ip, StringComparison.Ordinal)
            .Replace(Date, utcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(Code, code.ToString("D"), StringComparison.Ordinal)
            .Replace(Viewer, viewer ?? "", StringComparison.Ordinal);
}
