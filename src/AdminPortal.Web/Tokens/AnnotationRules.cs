using System.Globalization;
using System.Text.RegularExpressions;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

/// <summary>An annotation as a user or API client sent it: any field may be missing.</summary>
public sealed record AnnotationInput
{
    public string? Type { get; init; }
    public string? Text { get; init; }
    public string? Color { get; init; }
    public decimal? Opacity { get; init; }
    public int? Size { get; init; }
    public int? X { get; init; }
    public int? Y { get; init; }
    public int? Interval { get; init; }
    public int? Skip { get; init; }

    public static AnnotationInput From(Annotation a) => new()
    {
        Type = a.Type,
        Text = a.Text,
        Color = a.Color,
        Opacity = a.Opacity,
        Size = a.Size,
        X = a.X,
        Y = a.Y,
        Interval = a.Interval,
        Skip = a.Skip,
    };
}

/// <summary>
/// The watermark rules, in one place: the API, the token editor and the service all validate through here.
/// Errors are keyed like <c>annotations[1].color</c>.
/// </summary>
public static partial class AnnotationRules
{
    public const int MaxAnnotations = 10;
    public const int MaxTextLength = 200;
    public const int MinSize = 1, MaxSize = 200;
    public const int MinInterval = 100, MaxInterval = 3_600_000;
    public const int MinSkip = 0, MaxSkip = 3_600_000;
    public const int MaxCoordinate = 100_000;

    /// <summary>Field names an annotation may carry; anything else is rejected.</summary>
    public static IReadOnlySet<string> Fields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "text", "color", "opacity", "size", "x", "y", "interval", "skip",
    };

    // \z, not $: "$" also matches before a final "\n", which would let "#fff\n" through.
    [GeneratedRegex(@"\A#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\z")]
    private static partial Regex ColorPattern();

    public static string Key(int index, string field) => $"annotations[{index}].{field}";

    /// <summary>Validates every annotation and returns them with defaults filled in; errors go into <paramref name="errors"/>.</summary>
    public static List<Annotation> Validate(IReadOnlyList<AnnotationInput> inputs, ValidationErrors errors)
    {
        if (inputs.Count > MaxAnnotations)
        {
            errors.Add("annotations", $"At most {MaxAnnotations} annotations are allowed; {inputs.Count} were sent.");
        }
        var result = new List<Annotation>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            result.Add(Validate(inputs[i], i, errors));
        }
        return result;
    }

    public static Annotation Validate(AnnotationInput input, int index, ValidationErrors errors)
    {
        var type = input.Type ?? AnnotationTypes.Static;
        if (type is not (AnnotationTypes.Static or AnnotationTypes.Dynamic))
        {
            errors.Add(Key(index, "type"), "Must be \"static\" or \"dynamic\".");
        }

        var text = input.Text ?? "";
        if (text.Trim().Length == 0)
        {
            errors.Add(Key(index, "text"), "Text is required.");
        }
        else if (text.Length > MaxTextLength)
        {
            errors.Add(Key(index, "text"), $"At most {MaxTextLength} characters.");
        }
        else if (text.Any(char.IsControl))
        {
            errors.Add(Key(index, "text"), "Must not contain control characters such as line breaks.");
        }

        var color = input.Color ?? AnnotationDefaults.Color;
        if (!ColorPattern().IsMatch(color))
        {
            errors.Add(Key(index, "color"), "Must be a colour like #RGB or #RRGGBB.");
        }

        var opacity = input.Opacity ?? AnnotationDefaults.Opacity;
        if (opacity is < 0 or > 1)
        {
            errors.Add(Key(index, "opacity"), "Must be between 0 and 1.");
        }

        Range(input.Size, AnnotationDefaults.Size, MinSize, MaxSize, Key(index, "size"), "px", errors, out var size);
        Range(input.X, AnnotationDefaults.X, 0, MaxCoordinate, Key(index, "x"), "px", errors, out var x);
        Range(input.Y, AnnotationDefaults.Y, 0, MaxCoordinate, Key(index, "y"), "px", errors, out var y);
        Range(input.Interval, AnnotationDefaults.Interval, MinInterval, MaxInterval, Key(index, "interval"), "ms", errors, out var interval);
        Range(input.Skip, AnnotationDefaults.Skip, MinSkip, MaxSkip, Key(index, "skip"), "ms", errors, out var skip);

        return new Annotation
        {
            Type = type,
            Text = text,
            Color = color.ToUpperInvariant(),
            Opacity = Math.Round(opacity, 2),
            Size = size,
            X = x,
            Y = y,
            Interval = interval,
            Skip = skip,
        };
    }

    /// <summary>Opacity as the API answers it: a string with two decimals, e.g. "0.30".</summary>
    public static string FormatOpacity(decimal opacity) => opacity.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Range(int? value, int fallback, int min, int max, string key, string unit, ValidationErrors errors, out int result)
    {
        result = value ?? fallback;
        if (result < min || result > max)
        {
            errors.Add(key, $"Must be a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)} ({unit}).");
        }
    }
}
