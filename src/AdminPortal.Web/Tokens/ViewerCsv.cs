using System.Text;

namespace AdminPortal.Web.Tokens;

/// <summary>A row of a viewer list that cannot be used, by its line number in the file.</summary>
public sealed record CsvProblem(int Line, string Reason);

/// <summary>A parsed viewer list: the labels in file order, or the problems (then nothing may be created).</summary>
public sealed record ViewerList(IReadOnlyList<string> Viewers, IReadOnlyList<CsvProblem> Problems)
{
    public bool IsClean => Problems.Count == 0;
}

/// <summary>
/// Reads a CSV of viewer labels: one per line, an optional header (a first row naming a "viewer" column, or just
/// "viewer", "name" or "email"), a byte-order mark, quoted values ("Doe, Ann" and "" for a quote inside), blank lines
/// skipped. With several columns, the "viewer" column counts, else the first. Every bad row is reported by its line.
/// </summary>
public static class ViewerCsv
{
    public const int MaxRows = 10_000;

    /// <summary>Larger files are refused before reading: 10,000 labels of 200 characters, with room for other columns.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    private static readonly string[] HeaderNames = ["viewer", "viewers", "name", "email", "e-mail", "label"];

    public static ViewerList Parse(string text)
    {
        var problems = new List<CsvProblem>();
        var viewers = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var column = 0;
        var first = true;
        foreach (var (line, fields, error, blank) in Records(text.TrimStart('\uFEFF')))
        {
            if (blank)
            {
                continue;
            }
            if (error is not null)
            {
                problems.Add(new CsvProblem(line, error));
                continue;
            }
            if (first)
            {
                first = false;
                var header = fields.FindIndex(f => string.Equals(f.Trim(), "viewer", StringComparison.OrdinalIgnoreCase));
                if (header >= 0 || HeaderNames.Contains(fields[0].Trim().ToLowerInvariant()))
                {
                    column = Math.Max(header, 0);
                    continue;
                }
            }
            if (viewers.Count + problems.Count >= MaxRows)
            {
                problems.Add(new CsvProblem(line, $"More than {MaxRows:N0} viewers; send at most {MaxRows:N0} at once."));
                break;
            }
            var value = column < fields.Count ? fields[column].Trim() : "";
            var reason = value.Length == 0 ? (column == 0 ? "The viewer is empty." : $"No viewer in column {column + 1}.")
                : value.Length > TokenRules.MaxViewerLength ? $"Longer than {TokenRules.MaxViewerLength} characters ({value.Length})."
                : value.Any(char.IsControl) ? "Holds a control character, such as a tab or a line break inside quotes."
                : !Common.TextRules.IsWellFormed(value) ? Common.TextRules.NotWellFormedMessage
                : seen.TryGetValue(TokenRules.ViewerKey(value)!, out var earlier) ? $"The same viewer as line {earlier}."
                : null;
            if (reason is not null)
            {
                problems.Add(new CsvProblem(line, reason));
                continue;
            }
            seen[TokenRules.ViewerKey(value)!] = line;
            viewers.Add(value);
        }
        return new ViewerList(viewers, problems);
    }

    /// <summary>RFC 4180 records with the line each starts on; a malformed record carries its error instead.</summary>
    private static IEnumerable<(int Line, List<string> Fields, string? Error, bool Blank)> Records(string text)
    {
        var i = 0;
        var line = 1;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            string? error = null;
            var quoted = false;
            var endOfRecord = false;
            var blank = true;
            while (i < text.Length && !endOfRecord)
            {
                var c = text[i];
                blank &= char.IsWhiteSpace(c);
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    if (c == '"')
                    {
                        quoted = false;
                        i++;
                        // Only a separator or the end of the line may follow a closing quote.
                        while (i < text.Length && text[i] is ' ' or '\t')
                        {
                            i++;
                        }
                        if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        {
                            error ??= "Text after a closing quote; put the whole value in quotes and double any quote inside (\"\").";
                        }
                        continue;
                    }
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }
                    field.Append(c);
                    i++;
                    continue;
                }
                switch (c)
                {
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        i++;
                        break;
                    case '\r' or '\n':
                        i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                        line++;
                        endOfRecord = true;
                        break;
                    case '"' when field.ToString().Trim().Length == 0:
                        quoted = true;
                        field.Clear();
                        i++;
                        break;
                    case '"':
                        error ??= "A quote inside a value; put the whole value in quotes and double the quote (\"\").";
                        field.Append(c);
                        i++;
                        break;
                    default:
                        field.Append(c);
                        i++;
                        break;
                }
            }
            if (quoted)
            {
                yield return (start, fields, "A quote opened on this line is never closed.", false);
                yield break;
            }
            fields.Add(field.ToString());
            yield return (start, fields, error, blank);
        }
    }
}
