using AdminPortal.Web.Tokens;

namespace AdminPortal.Web.Playback;

/// <summary>
/// One watermark text as watermark.js draws it: every value final (defaults applied, placeholders filled), so the
/// script trusts it. Built here for the player and the staff preview alike.
/// </summary>
public sealed record PlayerAnnotation(string Type, string Text, string Color, decimal Opacity, int Size, int X, int Y, int Interval, int Skip,
    string Anchor = AnnotationAnchors.TopLeft)
{
    public static PlayerAnnotation From(Annotation a, Func<string, string> fill) =>
        new(a.Type, fill(a.Text), a.Color, a.Opacity, a.Size, a.X, a.Y, a.Interval, a.Skip, a.Anchor);

    /// <summary>A draft from the editor, possibly half-typed: what is missing or out of range takes the default or the nearest bound.</summary>
    public static PlayerAnnotation From(AnnotationInput input, Func<string, string> fill) => From(new Annotation
    {
        Type = input.Type == AnnotationTypes.Dynamic ? AnnotationTypes.Dynamic : AnnotationTypes.Static,
        Text = input.Text ?? "",
        Color = input.Color ?? AnnotationDefaults.Color,
        Opacity = Math.Clamp(input.Opacity ?? AnnotationDefaults.Opacity, 0, 1),
        Size = Math.Clamp(input.Size ?? AnnotationDefaults.Size, AnnotationRules.MinSize, AnnotationRules.MaxSize),
        X = Math.Clamp(input.X ?? AnnotationDefaults.X, 0, AnnotationRules.MaxCoordinate),
        Y = Math.Clamp(input.Y ?? AnnotationDefaults.Y, 0, AnnotationRules.MaxCoordinate),
        Interval = Math.Clamp(input.Interval ?? AnnotationDefaults.Interval, AnnotationRules.MinInterval, AnnotationRules.MaxInterval),
        Skip = Math.Clamp(input.Skip ?? AnnotationDefaults.Skip, AnnotationRules.MinSkip, AnnotationRules.MaxSkip),
        Anchor = AnnotationAnchors.All.Contains(input.Anchor) ? input.Anchor! : AnnotationAnchors.TopLeft,
    }, fill);
}
