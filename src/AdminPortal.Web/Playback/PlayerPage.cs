using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Web.Playback;

/// <summary>What the player page shows: the video, its watermark and the viewer's choices.</summary>
public sealed record PlayerModel(string Title, string MediaUrl, string? PosterUrl, IReadOnlyList<Annotation> Annotations, PlayerParameters Parameters);

/// <summary>
/// The embed page's HTML: plain markup, no Blazor circuit. Every value is HTML-encoded, and the annotations travel as
/// JSON whose '&lt;' and '&gt;' are escaped, so no text can close the script block.
/// </summary>
public static class PlayerPage
{
    // Inline markup, not a font glyph: no font file to load under the strict CSP, and it renders everywhere.
    private const string FullscreenIcon =
        "<svg viewBox=\"0 0 24 24\" width=\"18\" height=\"18\" aria-hidden=\"true\" focusable=\"false\">"
        + "<path fill=\"currentColor\" d=\"M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z\"/></svg>";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    public static string Render(PlayerModel model)
    {
        var p = model.Parameters;
        var html = HtmlEncoder.Default;
        var page = new StringBuilder(2048);
        Head(page, model.Title);
        page.Append("<body class=\"player\"><div class=\"frame\" id=\"frame\" data-testid=\"player-frame\">");
        page.Append("<video id=\"video\" data-testid=\"player-video\" src=\"").Append(html.Encode(model.MediaUrl)).Append('"');
        if (model.PosterUrl is not null)
        {
            page.Append(" poster=\"").Append(html.Encode(model.PosterUrl)).Append('"');
        }
        // The browser's own fullscreen would take the bare video and leave the watermark behind; ours takes the frame.
        page.Append(" preload=\"metadata\" playsinline disablepictureinpicture controlslist=\"nofullscreen nodownload noremoteplayback\"");
        page.Append(p.ShowControls ? " controls" : "");
        page.Append(p.EffectiveAutoplay ? " autoplay" : "");
        page.Append(p.EffectiveMuted ? " muted" : "");
        page.Append(p.EffectiveLoop ? " loop" : "");
        page.Append("></video>");
        if (p.ShowControls)
        {
            page.Append("<div class=\"toolbar\">");
            if (p.PlayRates.Count > 0)
            {
                page.Append("<select id=\"rate\" aria-label=\"Playback speed\" data-testid=\"player-rate\">");
                foreach (var rate in p.PlayRates)
                {
                    var value = rate.ToString("0.##", CultureInfo.InvariantCulture);
                    page.Append("<option value=\"").Append(value).Append('"').Append(rate == 1m ? " selected" : "").Append('>')
                        .Append(value).Append("×</option>");
                }
                page.Append("</select>");
            }
            page.Append("<button id=\"fullscreen\" type=\"button\" aria-label=\"Full screen\" title=\"Full screen\" data-testid=\"player-fullscreen\">")
                .Append(FullscreenIcon).Append("</button>");
            page.Append("</div>");
        }
        page.Append("</div>");
        page.Append("<script type=\"application/json\" id=\"annotations\">")
            .Append(JsonSerializer.Serialize(model.Annotations.Select(ToJson), Json))
            .Append("</script>");
        page.Append("<script type=\"module\" src=\"/js/player.js\"></script>");
        page.Append("</body></html>");
        return page.ToString();
    }

    public static string RenderError(string heading, string detail)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder(1024);
        Head(page, heading);
        page.Append("<body class=\"player-error\"><main data-testid=\"player-error\"><h1>").Append(html.Encode(heading)).Append("</h1><p>")
            .Append(html.Encode(detail)).Append("</p></main></body></html>");
        return page.ToString();
    }

    /// <summary>Fills in {ip}, {date} (UTC yyyy-MM-dd) and {code}, so a leaked recording names its viewer.</summary>
    public static IReadOnlyList<Annotation> FillPlaceholders(IEnumerable<Annotation> annotations, string? ip, DateTime now, Guid code) =>
        annotations.Select(a => a with { Text = WatermarkPlaceholders.Fill(a.Text, ip ?? "unknown", now, code) }).ToList();

    private static object ToJson(Annotation a) => new
    {
        a.Type,
        a.Text,
        a.Color,
        a.Opacity,
        a.Size,
        a.X,
        a.Y,
        a.Interval,
        a.Skip,
    };

    private static void Head(StringBuilder page, string title)
    {
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(HtmlEncoder.Default.Encode(title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/css/player.css\"></head>");
    }
}
