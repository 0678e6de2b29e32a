namespace AdminPortal.Web.Tokens;

public enum TokenEventKind
{
    Created,
    Updated,
    Revoked,
}

/// <summary>One change to a token, kept for its history.</summary>
public sealed class TokenEvent
{
    public long Id { get; set; }
    public long AccessTokenId { get; set; }
    public TokenEventKind Kind { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }

    /// <summary>Short human summary of what changed.</summary>
    public string? Detail { get; set; }
}
