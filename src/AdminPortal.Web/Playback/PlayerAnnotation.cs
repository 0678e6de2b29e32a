using AdminPortal.Web.Tokens;

namespace AdminPortal.Web.Playback;

/// <summary>
/// One watermark item as watermark.js draws it: every value final (defaults applied, placeholders filled), so the
/// script trusts it. Built here for the player and the staff preview alike. A logo carries its signed image URL
/// (<paramref name="Src"/>), its width as a share of the frame, and whether it moves.
/// </summary>
public sealed record PlayerAnnotation(string Type, string Text, string Color, decimal Opacity, int Size, int X, int Y, int Interval, int Skip,
    decimal Width = 0, bool Moves = false, string? Src = null, string Anchor = AnnotationAnchors.TopLeft)
{
    /// <summary>A logo without a logo to show (none uploaded) is left out by the callers.</summary>
    public static PlayerAnnotation From(Annotation a, Func<string, string> fill, string? logoSrc = null) => a.IsLogo
        ? new(a.Type, "", "", a.Opacity, 0, a.X, a.Y, a.Interval, a.Skip, a.Width, a.Moves, logoSrc, a.Anchor)
        : new(a.Type, fill(a.Text), a.Color, a.Opacity, a.Size, a.X, a.Y, a.Interval, a.Skip, Anchor: a.Anchor);

    /// <summary>A draft from the editor, possibly half-typed: what is missing or out of range takes the default or the nearest bound.</summary>
    public static PlayerAnnotation From(AnnotationInput input, Func<string, string> fill, string? logoSrc = null) => From(new Annotation
    {
        Type = input.Type is AnnotationTypes.Dynamic or AnnotationTypes.Logo ? input.Type : AnnotationTypes.Static,
        Text = input.Text ?? "",
        Color = input.Color ?? AnnotationDefaults.Color,
        Opacity = Math.Clamp(input.Opacity ?? AnnotationDefaults.Opacity, 0, 1),
        Size = Math.Clamp(input.Size ?? AnnotationDefaults.Size, AnnotationRules.MinSize, AnnotationRules.MaxSize),
        X = Math.Clamp(input.X ?? AnnotationDefaults.X, 0, AnnotationRules.MaxCoordinate),
        Y = Math.Clamp(input.Y ?? AnnotationDefaults.Y, 0, AnnotationRules.MaxCoordinate),
        Interval = Math.Clamp(input.Interval ?? AnnotationDefaults.Interval, AnnotationRules.MinInterval, AnnotationRules.MaxInterval),
        Skip = Math.Clamp(input.Skip ?? AnnotationDefaults.Skip, AnnotationRules.MinSkip, AnnotationRules.MaxSkip),
        Width = Math.Clamp(input.Width ?? AnnotationDefaults.LogoWidth, AnnotationRules.MinLogoWidth, AnnotationRules.MaxLogoWidth),
        Moves = input.Dynamic ?? false,
        Anchor = AnnotationAnchors.All.Contains(input.Anchor) ? input.Anchor! : AnnotationAnchors.TopLeft,
    }, fill, logoSrc);

    /// <summary>The list to draw: logos dropped when there is no logo to show.</summary>
    public static List<PlayerAnnotation> List(IEnumerable<PlayerAnnotation> items) => items.Where(a => a.Type != AnnotationTypes.Logo || a.Src is not null).ToList();
}
