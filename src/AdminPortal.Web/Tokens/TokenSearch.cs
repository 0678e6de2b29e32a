using System.Globalization;

namespace AdminPortal.Web.Tokens;

public enum TokenSearchKind
{
    /// <summary>A whole code.</summary>
    Code,

    /// <summary>The first 8 characters of a code, as the grid shows them.</summary>
    CodePrefix,

    /// <summary>The start of a viewer label, any case.</summary>
    Viewer,
}

/// <summary>
/// What staff typed to find a token: a whole code, its first 8 characters, or the start of a viewer label. Each kind
/// is one seek on its own index (code, organization + code prefix, video or organization + viewer key), never a scan.
/// </summary>
public sealed record TokenSearch(TokenSearchKind Kind, string Term, Guid Code = default)
{
    public const int MaxLength = TokenRules.MaxViewerLength;

    /// <summary>Null for a blank term.</summary>
    public static TokenSearch? Parse(string? text)
    {
        var term = text?.Trim();
        if (string.IsNullOrEmpty(term))
        {
            return null;
        }
        if (term.Length > MaxLength)
        {
            term = term[..MaxLength];
        }
        if (Guid.TryParseExact(term, "D", out var code))
        {
            return new TokenSearch(TokenSearchKind.Code, term, code);
        }
        if (term.Length == 8 && term.All(char.IsAsciiHexDigit))
        {
            return new TokenSearch(TokenSearchKind.CodePrefix, term.ToLowerInvariant());
        }
        return new TokenSearch(TokenSearchKind.Viewer, TokenRules.ViewerKey(term)!);
    }

    /// <summary>The same term read as a viewer label, for a code-like term that might also be one (a student id "20240117").</summary>
    public TokenSearch AsViewer() => new(TokenSearchKind.Viewer, TokenRules.ViewerKey(Term)!);

    /// <summary>Narrows <paramref name="tokens"/> (already scoped to a video or the organization) to the matches.</summary>
    public IQueryable<AccessToken> Apply(IQueryable<AccessToken> tokens, int organizationId)
    {
        switch (Kind)
        {
            case TokenSearchKind.Code:
                var code = Code;
                return tokens.Where(t => t.Code == code && t.OrganizationId == organizationId);
            case TokenSearchKind.CodePrefix:
                var prefix = Term;
                return tokens.Where(t => t.OrganizationId == organizationId && t.CodePrefix == prefix);
            default:
                // A range, not LIKE: both SQLite and PostgreSQL serve "from key up to key + U+FFFF" from a plain index.
                var from = Term;
                var to = Term + char.MaxValue.ToString(CultureInfo.InvariantCulture);
                return tokens.Where(t => t.ViewerKey != null && string.Compare(t.ViewerKey, from) >= 0 && string.Compare(t.ViewerKey, to) < 0);
        }
    }
}
