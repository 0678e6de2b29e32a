namespace AdminPortal.Web.Tokens;

public static class AnnotationTypes
{
    public const string Static = "static";
    public const string Dynamic = "dynamic";
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

    public bool IsDynamic => Type == AnnotationTypes.Dynamic;
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
}
