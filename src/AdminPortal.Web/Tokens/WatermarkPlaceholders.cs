using System.Globalization;

namespace AdminPortal.Web.Tokens;

/// <summary>Fills the watermark placeholders. The player fills them with the viewer's values; the preview with samples.</summary>
public static class WatermarkPlaceholders
{
    public const string Ip = "{ip}", Date = "{date}", Code = "{code}";
    public const string SampleIp = "203.0.113.7";

    public static IReadOnlyList<string> All { get; } = [Ip, Date, Code];

    public static string Fill(string text, string ip, DateTime utcNow, Guid code) =>
        text.Replace(Ip, ip, StringComparison.Ordinal)
            .Replace(Date, utcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(Code, code.ToString("D"), StringComparison.Ordinal);
}
