namespace AdminPortal.Web.Tokens;

public static class AnnotationTypes
{
    public const string Static = "static";
    public const string Dynamic = "dynamic";

    /// <summary>The organization's logo (our extension); it moves like dynamic text when <see cref="Annotation.Moves"/>.</summary>
    public const string Logo = "logo";
}

/// <summary>Where a static mark's x/y are measured from (our extension); top-left is the published meaning.</summary>
public static class AnnotationAnchors
{
    public const string TopLeft = "top-left";
    public const string TopRight = "top-right";
    public const string BottomLeft = "bottom-left";
    public const string BottomRight = "bottom-right";
    public const string Center = "center";

    public static IReadOnlyList<string> All { get; } = [TopLeft, TopRight, BottomLeft, BottomRight, Center];
}

/// <summary>One watermark text drawn over the video. Every field has a value once validated.</summary>
public sealed record Annotation
{
    public string Type { get; init; } = AnnotationTypes.Static;
    public string Text { get; init; } = "";
    public string Color { get; init; } = AnnotationDefaults.Color;
    public decimal Opacity { get; init; } = AnnotationDefaults.Opacity;
    public int Size { get; init; } = AnnotationDefaults.Size;
    public int X { get; init; } = AnnotationDefaults.X;
    public int Y { get; init; } = AnnotationDefaults.Y;
    public int Interval { get; init; } = AnnotationDefaults.Interval;
    public int Skip { get; init; } = AnnotationDefaults.Skip;

    /// <summary>Logo only: its width as a share of the frame's, 0.01-1.</summary>
    public decimal Width { get; init; } = AnnotationDefaults.LogoWidth;

    /// <summary>Logo only: jumps to random places (interval, skip) instead of staying at x, y.</summary>
    public bool Moves { get; init; }

    public bool IsLogo => Type == AnnotationTypes.Logo;

    public bool IsDynamic => Type == AnnotationTypes.Dynamic || (IsLogo && Moves);

    /// <summary>Static marks: the corner (or the centre) x/y are offsets from.</summary>
    public string Anchor { get; init; } = AnnotationAnchors.TopLeft;
}

public static class AnnotationDefaults
{
    public const string Color = "#FFFFFF";
    public const decimal Opacity = 0.5m;
    public const int Size = 18;
    public const int X = 16;
    public const int Y = 16;
    public const int Interval = 5000;
    public const int Skip = 0;
    public const decimal LogoWidth = 0.2m;
}
