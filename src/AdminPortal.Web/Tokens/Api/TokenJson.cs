using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace AdminPortal.Web.Tokens.Api;

/// <summary>An access token as the TPStreams API answers it.</summary>
public record TokenJson
{
    [JsonPropertyName("playback_url"), Description("Absolute URL of the player page for this token; put it in the embed iframe's src.")]
    public required string PlaybackUrl { get; init; }

    [JsonPropertyName("expires_after_first_usage"), Description("True: the token expires once the player page has been loaded with it.")]
    public required bool ExpiresAfterFirstUsage { get; init; }

    [JsonPropertyName("code"), Description("The token: a random version 4 UUID.")]
    public required Guid Code { get; init; }

    [JsonPropertyName("status"), Description("\"Active\", or \"Expired\" when revoked, past valid_until, or single use and already used.")]
    public required string Status { get; init; }

    [JsonPropertyName("valid_until"), Description("When the token expires by time, UTC (e.g. 2022-09-04T19:19:06.399581Z); null for no time limit.")]
    public required DateTime? ValidUntil { get; init; }

    [JsonPropertyName("annotations"), Description("Watermark texts drawn over the video, every field present.")]
    public required IReadOnlyList<AnnotationJson> Annotations { get; init; }

    [JsonPropertyName("created"), Description("When the token was created, UTC.")]
    public required DateTime Created { get; init; }

    [JsonPropertyName("modified"), Description("When the token was last changed (updated or revoked), UTC.")]
    public required DateTime Modified { get; init; }

    public static TokenJson From(TokenView token, string playbackUrl) => new()
    {
        PlaybackUrl = playbackUrl,
        ExpiresAfterFirstUsage = token.ExpiresAfterFirstUsage,
        Code = token.Code,
        Status = token.Status.ToString(),
        ValidUntil = token.ValidUntil,
        Annotations = token.Annotations.Select(AnnotationJson.From).ToList(),
        Created = token.CreatedAt,
        Modified = token.ModifiedAt,
    };
}

/// <summary>An access token as the Testpress admin API answers it: the same fields plus its own URL.</summary>
public sealed record AdminTokenJson : TokenJson
{
    [JsonPropertyName("url"), JsonPropertyOrder(-1), Description("Absolute URL of this token under /api/v2.5/admin/videos/{video_id}/access-tokens/.")]
    public required string Url { get; init; }

    [SetsRequiredMembers]
    private AdminTokenJson(TokenJson token, string url) : base(token) => Url = url;

    public static AdminTokenJson From(TokenView token, string playbackUrl, string url) => new(TokenJson.From(token, playbackUrl), url);
}

/// <summary>One watermark text, as answered.</summary>
public sealed record AnnotationJson(
    [property: JsonPropertyName("text"), Description("The text; {ip}, {date} and {code} are filled in when the player page is served.")] string Text,
    [property: JsonPropertyName("type"), Description("\"static\" (stays at x, y) or \"dynamic\" (jumps to random positions).")] string Type,
    [property: JsonPropertyName("color"), Description("#RRGGBB.")] string Color,
    [property: JsonPropertyName("opacity"), Description("0 to 1, as a string with two decimals, e.g. \"0.30\".")] string Opacity,
    [property: JsonPropertyName("size"), Description("Font size in px, 1-200.")] int Size,
    [property: JsonPropertyName("interval"), Description("Dynamic: ms the text stays at one position, 100-3,600,000.")] int Interval,
    [property: JsonPropertyName("skip"), Description("Dynamic: ms the text is hidden between two positions, 0-3,600,000.")] int Skip,
    [property: JsonPropertyName("x"), Description("Static: px from the frame's left edge.")] int X,
    [property: JsonPropertyName("y"), Description("Static: px from the frame's top edge.")] int Y)
{
    public static AnnotationJson From(Annotation a) =>
        new(a.Text, a.Type, a.Color, AnnotationRules.FormatOpacity(a.Opacity), a.Size, a.Interval, a.Skip, a.X, a.Y);
}

/// <summary>The body of a create or update (for the document; bodies are read strictly by <see cref="TokenRequest"/>). Every field is optional.</summary>
public sealed record TokenRequestJson
{
    [JsonPropertyName("time_to_live"), Description("Seconds from now until the token expires, 0 to 315,360,000 (10 years); 0 expires it at once; null removes the time limit. On update it counts from the time of the update.")]
    public long? TimeToLive { get; init; }

    [JsonPropertyName("expires_after_first_usage"), Description("True: the token expires after its first use (default false).")]
    public bool? ExpiresAfterFirstUsage { get; init; }

    [JsonPropertyName("annotations"), Description("Watermark texts, at most 10; replaces the token's list. Unknown fields are rejected.")]
    public IReadOnlyList<AnnotationRequestJson>? Annotations { get; init; }
}

/// <summary>One watermark text in a request; missing fields take their defaults.</summary>
public sealed record AnnotationRequestJson
{
    [JsonPropertyName("type"), Description("\"static\" (default) or \"dynamic\".")]
    public string? Type { get; init; }

    [JsonPropertyName("text"), Description("Required, 1-200 characters, shown as plain text. Placeholders: {ip}, {date}, {code}.")]
    public required string Text { get; init; }

    [JsonPropertyName("color"), Description("#RGB or #RRGGBB (default #FFFFFF).")]
    public string? Color { get; init; }

    [JsonPropertyName("opacity"), Description("0 to 1, a number or a numeric string such as \"0.30\" (default 0.5).")]
    public decimal? Opacity { get; init; }

    [JsonPropertyName("size"), Description("Font size in px, 1-200 (default 18).")]
    public int? Size { get; init; }

    [JsonPropertyName("x"), Description("Static: px from the left edge (default 16); kept inside the frame.")]
    public int? X { get; init; }

    [JsonPropertyName("y"), Description("Static: px from the top edge (default 16); kept inside the frame.")]
    public int? Y { get; init; }

    [JsonPropertyName("interval"), Description("Dynamic: ms at one position, 100-3,600,000 (default 5000).")]
    public int? Interval { get; init; }

    [JsonPropertyName("skip"), Description("Dynamic: ms hidden between positions, 0-3,600,000 (default 0).")]
    public int? Skip { get; init; }
}
