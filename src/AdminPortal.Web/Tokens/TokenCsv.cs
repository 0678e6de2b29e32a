using System.Globalization;
using System.Text;

namespace AdminPortal.Web.Tokens;

/// <summary>
/// Tokens as CSV for staff to hand out: viewer, code, playback URL, valid until (UTC, ISO 8601). One writer for the
/// bulk result, the grid's selection and the filtered export, so the three files read alike.
/// </summary>
public static class TokenCsv
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string Header = "viewer,code,playback_url,valid_until";

    public static string Row(TokenView token, string playbackUrl) => string.Join(',',
        Field(token.Viewer ?? ""),
        token.Code.ToString("D"),
        Field(playbackUrl),
        token.ValidUntil is { } until ? until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "");

    /// <summary>A whole file, with a byte-order mark so spreadsheet programs read it as UTF-8.</summary>
    public static byte[] File(IEnumerable<TokenView> tokens, Func<TokenView, string> playbackUrl)
    {
        var text = new StringBuilder().Append('\uFEFF').Append(Header).Append("\r\n");
        foreach (var token in tokens)
        {
            text.Append(Row(token, playbackUrl(token))).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string FileName(string videoTitle, string what)
    {
        var safe = new string(videoTitle.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return $"{(safe.Length == 0 ? "video" : safe[..Math.Min(safe.Length, 40)])}-{what}.csv";
    }

    /// <summary>
    /// Quoted when needed; a value a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an
    /// apostrophe, since viewer labels come from outside.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
