using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace AdminPortal.Web.Tokens.Api;

/// <summary>An access token as the TPStreams API answers it.</summary>
public record TokenJson
{
    [JsonPropertyName("playback_url"), Description("Absolute URL of the player page for this token; put it in the embed iframe's src.")]
    public required string PlaybackUrl { get; init; }

    [JsonPropertyName("expires_after_first_usage"), Description("True: the token expires when its first playback session starts (the viewer presses play, or autoplay begins); loading the player page alone spends nothing.")]
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

    [JsonPropertyName("max_concurrent_viewers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("Our extension, present only when set: how many playback sessions may play at once (1-1,000).")]
    public int? MaxConcurrentViewers { get; init; }

    [JsonPropertyName("allowed_ips"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("Our extension, present only when set: the IPv4/IPv6 addresses and CIDR ranges the player may be loaded and started from.")]
    public IReadOnlyList<string>? AllowedIps { get; init; }

    [JsonPropertyName("viewer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("Our extension, present only when set: who the token is for (free text, 1-200 characters); {viewer} puts it into watermark text.")]
    public string? Viewer { get; init; }

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
        MaxConcurrentViewers = token.MaxConcurrentViewers,
        AllowedIps = token.AllowedIps is { Count: > 0 } ips ? ips : null,
        Viewer = token.Viewer,
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

/// <summary>One watermark item, as answered; field descriptions come from <see cref="AnnotationRules.Descriptions"/>. A logo has no text or color, and says whether it moves.</summary>
public sealed record AnnotationJson(
    [property: JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("color"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    [property: JsonPropertyName("opacity")] string Opacity,
    [property: JsonPropertyName("size")] decimal Size,
    [property: JsonPropertyName("interval")] int Interval,
    [property: JsonPropertyName("skip")] int Skip,
    [property: JsonPropertyName("x")] int X,
    [property: JsonPropertyName("y")] int Y,
    [property: JsonPropertyName("dynamic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Dynamic = null,
    [property: JsonPropertyName("anchor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Anchor = null)
{
    /// <summary>The published shape (a logo's own fields in its place), plus <c>anchor</c> only when it is not the published top-left.</summary>
    public static AnnotationJson From(Annotation a) => a.IsLogo
        ? new(null, a.Type, null, AnnotationRules.FormatOpacity(a.Opacity), a.Width, a.Interval, a.Skip, a.X, a.Y, a.Moves, AnchorOf(a))
        : new(a.Text, a.Type, a.Color, AnnotationRules.FormatOpacity(a.Opacity), a.Size, a.Interval, a.Skip, a.X, a.Y, Anchor: AnchorOf(a));

    private static string? AnchorOf(Annotation a) => a.Anchor == AnnotationAnchors.TopLeft ? null : a.Anchor;
}

/// <summary>The body of a create or update (for the document; bodies are read strictly by <see cref="TokenRequest"/>). Every field is optional.</summary>
public sealed record TokenRequestJson
{
    [JsonPropertyName("time_to_live")] // described from TokenRules, in ApiEndpoints' schema transformer
    public long? TimeToLive { get; init; }

    [JsonPropertyName("expires_after_first_usage"), Description("True: the token expires when its first playback session starts (default false).")]
    public bool? ExpiresAfterFirstUsage { get; init; }

    [JsonPropertyName("annotations")] // described from AnnotationRules
    public IReadOnlyList<AnnotationInput>? Annotations { get; init; }

    [JsonPropertyName("max_concurrent_viewers"), Description("Our extension: how many viewers may play at once, 1-1,000; null (the default) for no limit. A start beyond it is refused in the player; a viewer silent for 45 s frees its place.")]
    public int? MaxConcurrentViewers { get; init; }

    [JsonPropertyName("allowed_ips"), Description("Our extension: up to 20 IPv4/IPv6 addresses or CIDR ranges (e.g. \"203.0.113.0/24\"); a page load or playback start from elsewhere gets 403. [] or null allows every address. Behind a proxy, the forwarded address counts when ASPNETCORE_FORWARDEDHEADERS_ENABLED is set.")]
    public IReadOnlyList<string>? AllowedIps { get; init; }

    [JsonPropertyName("viewer"), Description("Our extension: who the token is for, e.g. an e-mail or a student id; 1-200 characters without line breaks, null removes it. Shown in the staff grid and searchable there; {viewer} in watermark text shows it to the viewer.")]
    public string? Viewer { get; init; }
}
