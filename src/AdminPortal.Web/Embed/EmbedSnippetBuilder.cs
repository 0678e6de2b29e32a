using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace AdminPortal.Web.Embed;

/// <summary>How the embedded player is sized on the host page.</summary>
public enum EmbedLayout
{
    Responsive16x9,
    Responsive4x3,
    Responsive1x1,
    Responsive9x16,
    Fixed,
}

/// <summary>What staff chose in the snippet generator. Speeds empty means the player's defaults.</summary>
public sealed record EmbedOptions
{
    public const int MinDimension = 1, MaxDimension = 10_000;
    public const decimal MinSpeed = Playback.PlayerParameters.MinRate, MaxSpeed = Playback.PlayerParameters.MaxRate;

    public EmbedLayout Layout { get; init; } = EmbedLayout.Responsive16x9;
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 360;
    public bool Autoplay { get; init; }
    public bool Muted { get; init; }
    public bool Loop { get; init; }
    public bool Background { get; init; }
    public IReadOnlyList<decimal> Speeds { get; init; } = [];

    /// <summary>The default for a video: responsive 16:9, or 9:16 for a portrait one so it fills its frame.</summary>
    public static EmbedOptions For(bool portrait) => portrait ? new() { Layout = EmbedLayout.Responsive9x16 } : new();
}

/// <summary>
/// The one place the embed snippet's HTML is written. The default (responsive 16:9, no parameters) is exactly
/// the contract's markup; every value put into it is HTML-attribute-encoded.
/// </summary>
public static class EmbedSnippetBuilder
{
    private const string Allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture";

    public static string Build(string playbackUrl, EmbedOptions options)
    {
        var src = Attribute(PlayerUrl(playbackUrl, options));
        if (options.Layout == EmbedLayout.Fixed)
        {
            var width = Attribute(Clamp(options.Width).ToString(CultureInfo.InvariantCulture));
            var height = Attribute(Clamp(options.Height).ToString(CultureInfo.InvariantCulture));
            return $"<iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe>";
        }
        var padding = Attribute(PaddingTop(options.Layout));
        return $"<div style=\"padding-top:{padding};position:relative;\"><iframe src=\"{src}\" style=\"border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe></div>";
    }

    /// <summary>The playback URL with the chosen player parameters appended to its query.</summary>
    public static string PlayerUrl(string playbackUrl, EmbedOptions options)
    {
        var url = new StringBuilder(playbackUrl);
        var separator = playbackUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        void Add(string name, string value)
        {
            url.Append(separator).Append(name).Append('=').Append(value);
            separator = '&';
        }
        if (options.Autoplay)
        {
            Add("autoplay", "1");
        }
        if (options.Muted)
        {
            Add("muted", "1");
        }
        if (options.Loop)
        {
            Add("loop", "1");
        }
        if (options.Background)
        {
            Add("background", "1");
        }
        var speeds = options.Speeds
            .Where(s => s is >= EmbedOptions.MinSpeed and <= EmbedOptions.MaxSpeed)
            .Distinct()
            .Order()
            .Select(s => s.ToString("0.##", CultureInfo.InvariantCulture))
            .ToList();
        if (speeds.Count > 0)
        {
            // Commas are legal in a query; the player splits on them.
            Add("playRates", string.Join(',', speeds.Select(Uri.EscapeDataString)));
        }
        return url.ToString();
    }

    public static string PaddingTop(EmbedLayout layout) => layout switch
    {
        EmbedLayout.Responsive4x3 => "75%",
        EmbedLayout.Responsive1x1 => "100%",
        EmbedLayout.Responsive9x16 => "177.78%",
        _ => "56.25%",
    };

    private static int Clamp(int value) => Math.Clamp(value, EmbedOptions.MinDimension, EmbedOptions.MaxDimension);

    private static string Attribute(string value) => HtmlEncoder.Default.Encode(value);
}
