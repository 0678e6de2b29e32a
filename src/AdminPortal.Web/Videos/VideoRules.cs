namespace AdminPortal.Web.Videos;

public static class VideoRules
{
    public const int MaxTitleLength = 200;

    public static readonly string TitleTooLong = $"A title has at most {MaxTitleLength} characters.";

    /// <summary>Returns an error message, or null when the title is fine.</summary>
    public static string? ValidateTitle(string? title) => title?.Trim() switch
    {
        null or "" => "A title is required.",
        { Length: > MaxTitleLength } => TitleTooLong,
        { } t when !Common.TextRules.IsWellFormed(t) => Common.TextRules.NotWellFormedMessage,
        _ => null,
    };
}
