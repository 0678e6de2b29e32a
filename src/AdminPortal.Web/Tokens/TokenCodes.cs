namespace AdminPortal.Web.Tokens;

/// <summary>A token's code as it appears in URLs: exactly a UUID in its 36-character form, nothing around it.</summary>
public static class TokenCodes
{
    /// <summary>Null for anything else, including surrounding spaces or a trailing newline (which <see cref="Guid.TryParse(string?, out Guid)"/> accepts).</summary>
    public static Guid? Parse(string? code) =>
        code is { Length: 36 } && Guid.TryParseExact(code, "D", out var parsed) ? parsed : null;
}
