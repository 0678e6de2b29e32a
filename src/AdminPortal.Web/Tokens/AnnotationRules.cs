using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

/// <summary>
/// An annotation as an API client or the editor sent it: any field may be missing. It is also the API's request shape in the
/// OpenAPI document (bodies themselves are read strictly by <c>TokenRequest</c>); descriptions come from <see cref="AnnotationRules.Descriptions"/>.
/// </summary>
public sealed record AnnotationInput
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("color")] public string? Color { get; init; }
    [JsonPropertyName("opacity")] public decimal? Opacity { get; init; }
    [JsonPropertyName("size")] public int? Size { get; init; }
    [JsonPropertyName("x")] public int? X { get; init; }
    [JsonPropertyName("y")] public int? Y { get; init; }
    [JsonPropertyName("interval")] public int? Interval { get; init; }
    [JsonPropertyName("skip")] public int? Skip { get; init; }
    [JsonPropertyName("anchor")] public string? Anchor { get; init; }

    /// <summary>Logo only: "dynamic": true moves it around like dynamic text.</summary>
    [JsonPropertyName("dynamic")] public bool? Dynamic { get; init; }

    /// <summary>Logo only: its "size", the width as a share of the frame (0.01-1); text's size is whole pixels.</summary>
    [JsonIgnore] public decimal? Width { get; init; }

    public static AnnotationInput From(Annotation a) => new()
    {
        Anchor = a.Anchor,
        Type = a.Type,
        Text = a.Text,
        Color = a.Color,
        Opacity = a.Opacity,
        Size = a.Size,
        X = a.X,
        Y = a.Y,
        Interval = a.Interval,
        Skip = a.Skip,
        Dynamic = a.IsLogo ? a.Moves : null,
        Width = a.IsLogo ? a.Width : null,
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

    public static NumberRange SizeRange { get; } = new(MinSize, MaxSize, "px");
    public static NumberRange CoordinateRange { get; } = new(0, MaxCoordinate, "px");
    public static NumberRange IntervalRange { get; } = new(MinInterval, MaxInterval, "ms");
    public static NumberRange SkipRange { get; } = new(MinSkip, MaxSkip, "ms");

    public const string ColorMessage = "Must be a colour like #RGB or #RRGGBB.";
    public const string OpacityMessage = "Must be between 0 and 1.";
    public const decimal MinLogoWidth = 0.01m, MaxLogoWidth = 1m;
    public const string LogoWidthMessage = "A logo's size is its width as a share of the frame's, from 0.01 to 1 (e.g. 0.2 for a fifth).";

    /// <summary>Each field's rule in words, for the OpenAPI document; phrased from the same numbers the validator checks.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["type"] = $"\"{AnnotationTypes.Static}\" (default; stays at x, y), \"{AnnotationTypes.Dynamic}\" (jumps to random positions) or \"{AnnotationTypes.Logo}\" (our extension: the organization's logo, set by an Admin in Settings; it takes x, y, size, opacity, dynamic, interval and skip, no text or color).",
        ["text"] = $"Required of text items (not of the logo), 1-{MaxTextLength} characters, shown as plain text. Placeholders filled in for each viewer: {string.Join(", ", WatermarkPlaceholders.All)}.",
        ["color"] = $"#RGB or #RRGGBB (default {AnnotationDefaults.Color}); answered as uppercase.",
        ["opacity"] = $"0 to 1, a number or a numeric string such as \"0.30\" (default {FormatOpacity(AnnotationDefaults.Opacity)}); answered as a string with two decimals.",
        ["size"] = $"Text: font size, {SizeRange.Text} (default {AnnotationDefaults.Size}). Logo: its width as a share of the frame's, {MinLogoWidth}-{MaxLogoWidth} (default {AnnotationDefaults.LogoWidth}).",
        ["dynamic"] = "Logo only: true moves the logo to random positions (interval, skip) like dynamic text; false (default) keeps it at x, y.",
        ["x"] = $"Static: distance from the frame's left edge, {CoordinateRange.Text} (default {AnnotationDefaults.X}); kept inside the frame.",
        ["y"] = $"Static: distance from the frame's top edge, {CoordinateRange.Text} (default {AnnotationDefaults.Y}); kept inside the frame.",
        ["interval"] = $"Dynamic: time at one position, {IntervalRange.Text} (default {AnnotationDefaults.Interval}).",
        ["skip"] = $"Dynamic: time hidden between two positions, {SkipRange.Text} (default {AnnotationDefaults.Skip}).",
        ["anchor"] = "Our extension, static only, answered only when set: top-left (the default, the published meaning of x/y), top-right, "
            + "bottom-left, bottom-right or center; x/y are then offsets from that corner (or the centre), and the text stays inside any frame size.",
    };

    /// <summary>Field names an annotation may carry; anything else is rejected.</summary>
    public static IReadOnlySet<string> Fields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "text", "color", "opacity", "size", "x", "y", "interval", "skip", "anchor",
    };

    /// <summary>Field names a logo annotation may carry: no text or colour, and "dynamic" for movement.</summary>
    public static IReadOnlySet<string> LogoFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "opacity", "size", "x", "y", "interval", "skip", "dynamic",
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
        if (input.Type == AnnotationTypes.Logo)
        {
            return ValidateLogo(input, index, errors);
        }
        var type = input.Type ?? AnnotationTypes.Static;
        if (type is not (AnnotationTypes.Static or AnnotationTypes.Dynamic))
        {
            errors.Add(Key(index, "type"), "Must be \"static\", \"dynamic\" or \"logo\".");
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
        else if (!TextRules.IsWellFormed(text))
        {
            errors.Add(Key(index, "text"), TextRules.NotWellFormedMessage);
        }

        var color = input.Color ?? AnnotationDefaults.Color;
        if (!ColorPattern().IsMatch(color))
        {
            errors.Add(Key(index, "color"), ColorMessage);
        }

        var opacity = input.Opacity ?? AnnotationDefaults.Opacity;
        if (opacity is < 0 or > 1)
        {
            errors.Add(Key(index, "opacity"), OpacityMessage);
        }

        var size = Check(input.Size, AnnotationDefaults.Size, SizeRange, Key(index, "size"), errors);
        var x = Check(input.X, AnnotationDefaults.X, CoordinateRange, Key(index, "x"), errors);
        var y = Check(input.Y, AnnotationDefaults.Y, CoordinateRange, Key(index, "y"), errors);
        var interval = Check(input.Interval, AnnotationDefaults.Interval, IntervalRange, Key(index, "interval"), errors);
        var skip = Check(input.Skip, AnnotationDefaults.Skip, SkipRange, Key(index, "skip"), errors);
        var anchor = input.Anchor ?? AnnotationAnchors.TopLeft;
        if (!AnnotationAnchors.All.Contains(anchor))
        {
            errors.Add(Key(index, "anchor"), "Must be \"top-left\", \"top-right\", \"bottom-left\", \"bottom-right\" or \"center\".");
        }

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
            Anchor = anchor,
        };
    }

    private static Annotation ValidateLogo(AnnotationInput input, int index, ValidationErrors errors)
    {
        var opacity = input.Opacity ?? AnnotationDefaults.Opacity;
        if (opacity is < 0 or > 1)
        {
            errors.Add(Key(index, "opacity"), OpacityMessage);
        }
        var width = input.Width ?? AnnotationDefaults.LogoWidth;
        if (width is < MinLogoWidth or > MaxLogoWidth)
        {
            errors.Add(Key(index, "size"), LogoWidthMessage);
        }
        return new Annotation
        {
            Type = AnnotationTypes.Logo,
            Opacity = Math.Round(opacity, 2),
            Width = Math.Round(width, 3),
            Moves = input.Dynamic ?? false,
            X = Check(input.X, AnnotationDefaults.X, CoordinateRange, Key(index, "x"), errors),
            Y = Check(input.Y, AnnotationDefaults.Y, CoordinateRange, Key(index, "y"), errors),
            Interval = Check(input.Interval, AnnotationDefaults.Interval, IntervalRange, Key(index, "interval"), errors),
            Skip = Check(input.Skip, AnnotationDefaults.Skip, SkipRange, Key(index, "skip"), errors),
        };
    }

    /// <summary>Opacity as the API answers it: a string with two decimals, e.g. "0.30".</summary>
    public static string FormatOpacity(decimal opacity) => opacity.ToString("0.00", CultureInfo.InvariantCulture);

    private static int Check(int? value, int fallback, NumberRange range, string key, ValidationErrors errors)
    {
        var result = value ?? fallback;
        if (!range.Contains(result))
        {
            errors.Add(key, range.Message);
        }
        return result;
    }

    /// <summary>The range a field is checked against, for forms that label the field themselves (the designer's sliders and boxes).</summary>
    public static NumberRange? RangeOf(string field) => field switch
    {
        "size" => SizeRange,
        "x" or "y" => CoordinateRange,
        "interval" => IntervalRange,
        "skip" => SkipRange,
        _ => null,
    };
}

/// <summary>An inclusive whole-number range and its unit; its messages and descriptions are phrased here, once.</summary>
public sealed record NumberRange(int Min, int Max, string Unit)
{
    public bool Contains(int value) => value >= Min && value <= Max;

    /// <summary>E.g. "100-3,600,000 ms".</summary>
    public string Text => $"{Number(Min)}-{Number(Max)} {Unit}";

    public string Message => $"Must be a whole number from {Number(Min)} to {Number(Max)} ({Unit}).";

    /// <summary>The same rule for a form that edits milliseconds as seconds.</summary>
    public string MessageInSeconds => Unit == "ms"
        ? $"Must be from {Seconds(Min)} to {Seconds(Max)} seconds."
        : Message;

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(int milliseconds) => (milliseconds / 1000d).ToString("#,0.###", CultureInfo.InvariantCulture);
}
