using System.Text.Json;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens.Api;

/// <summary>
/// Turns a create/update JSON body into <see cref="TokenChanges"/>, checking only JSON shapes and types.
/// Ranges and formats are the service's (<see cref="TokenRules"/>, <see cref="AnnotationRules"/>), so they live in one place.
/// </summary>
public static class TokenRequest
{
    public const string TimeToLive = "time_to_live";
    public const string ExpiresAfterFirstUsage = "expires_after_first_usage";
    public const string Annotations = "annotations";

    public static IReadOnlySet<string> Fields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TimeToLive, ExpiresAfterFirstUsage, Annotations, TokenRules.MaxConcurrentViewersField, TokenRules.AllowedIpsField,
        TokenRules.ViewerField,
    };

    public static TokenChanges Parse(JsonElement body, ValidationErrors errors)
    {
        JsonBody.RejectUnknownFields(body, Fields, "", errors);
        var changes = new TokenChanges();

        if (body.TryGetProperty(TimeToLive, out var ttl))
        {
            if (ttl.ValueKind == JsonValueKind.Null)
            {
                changes = changes with { TimeToLive = (long?)null };
            }
            else if (JsonBody.TryGetWholeNumber(ttl, out var seconds))
            {
                changes = changes with { TimeToLive = (long?)seconds };
            }
            else
            {
                errors.Add(TimeToLive, TokenRules.TimeToLiveMessage);
            }
        }

        if (body.TryGetProperty(ExpiresAfterFirstUsage, out var single))
        {
            // null, as the schema allows (and generated examples send): as if left out.
            if (single.ValueKind == JsonValueKind.Null)
            {
            }
            else if (single.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                changes = changes with { ExpiresAfterFirstUsage = single.GetBoolean() };
            }
            else
            {
                errors.Add(ExpiresAfterFirstUsage, "Must be true or false.");
            }
        }

        if (body.TryGetProperty(Annotations, out var list))
        {
            if (list.ValueKind == JsonValueKind.Null)
            {
                // As if left out: the schema allows null.
            }
            else if (list.ValueKind == JsonValueKind.Array)
            {
                changes = changes with { Annotations = Optional(list.EnumerateArray().Select((item, i) => ParseAnnotation(item, i, errors)).ToList()) };
            }
            else
            {
                errors.Add(Annotations, "Must be a list of annotation objects, e.g. [{\"text\": \"{ip}\"}].");
            }
        }
        return ParseExtensions(body, changes, errors);
    }

    /// <summary>Our extensions to the published forms: the viewer limit, the address list and the viewer label.</summary>
    private static TokenChanges ParseExtensions(JsonElement body, TokenChanges changes, ValidationErrors errors)
    {
        if (body.TryGetProperty(TokenRules.ViewerField, out var viewer))
        {
            if (viewer.ValueKind == JsonValueKind.Null)
            {
                changes = changes with { Viewer = new Optional<string?>(true, null) };
            }
            else if (viewer.ValueKind == JsonValueKind.String && viewer.GetString()!.Trim().Length > 0)
            {
                changes = changes with { Viewer = new Optional<string?>(true, viewer.GetString()) };
            }
            else
            {
                errors.Add(TokenRules.ViewerField, TokenRules.ViewerMessage);
            }
        }

        if (body.TryGetProperty(TokenRules.MaxConcurrentViewersField, out var viewers))
        {
            if (viewers.ValueKind == JsonValueKind.Null)
            {
                changes = changes with { MaxConcurrentViewers = (long?)null };
            }
            else if (JsonBody.TryGetWholeNumber(viewers, out var number))
            {
                changes = changes with { MaxConcurrentViewers = (long?)number };
            }
            else
            {
                errors.Add(TokenRules.MaxConcurrentViewersField, TokenRules.MaxConcurrentViewersMessage);
            }
        }

        if (body.TryGetProperty(TokenRules.AllowedIpsField, out var ips))
        {
            if (ips.ValueKind == JsonValueKind.Null)
            {
                changes = changes with { AllowedIps = new Optional<IReadOnlyList<string>>(true, []) };
            }
            else if (ips.ValueKind == JsonValueKind.Array)
            {
                var entries = new List<string>();
                foreach (var (item, i) in ips.EnumerateArray().Select((item, i) => (item, i)))
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        entries.Add(item.GetString()!);
                    }
                    else
                    {
                        errors.Add($"{TokenRules.AllowedIpsField}[{i}]", "Must be a string such as \"203.0.113.7\" or \"203.0.113.0/24\".");
                    }
                }
                changes = changes with { AllowedIps = new Optional<IReadOnlyList<string>>(true, entries) };
            }
            else
            {
                errors.Add(TokenRules.AllowedIpsField, "Must be a list of addresses or CIDR ranges, e.g. [\"203.0.113.0/24\"].");
            }
        }
        return changes;
    }

    private static Optional<IReadOnlyList<AnnotationInput>> Optional(IReadOnlyList<AnnotationInput> list) => new(true, list);

    private static AnnotationInput ParseAnnotation(JsonElement item, int index, ValidationErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{Annotations}[{index}]", "Must be an object like {\"text\": \"...\"}.");
            return new AnnotationInput();
        }
        var type = Text(item, index, "type", errors);
        if (type == AnnotationTypes.Logo)
        {
            return ParseLogo(item, index, errors);
        }
        JsonBody.RejectUnknownFields(item, AnnotationRules.Fields, $"{Annotations}[{index}].", errors);
        return new AnnotationInput
        {
            Type = type,
            Text = Text(item, index, "text", errors),
            Color = Text(item, index, "color", errors),
            Opacity = Opacity(item, index, errors),
            Size = Whole(item, index, "size", errors),
            X = Whole(item, index, "x", errors),
            Y = Whole(item, index, "y", errors),
            Interval = Whole(item, index, "interval", errors),
            Skip = Whole(item, index, "skip", errors),
            Anchor = Text(item, index, "anchor", errors),
        };
    }

    /// <summary>Our "logo" annotation: no text or colour; its size is a share of the frame; "dynamic" moves it.</summary>
    private static AnnotationInput ParseLogo(JsonElement item, int index, ValidationErrors errors)
    {
        JsonBody.RejectUnknownFields(item, AnnotationRules.LogoFields, $"{Annotations}[{index}].", errors);
        bool? moves = null;
        if (item.TryGetProperty("dynamic", out var dynamic) && dynamic.ValueKind != JsonValueKind.Null)
        {
            if (dynamic.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                moves = dynamic.GetBoolean();
            }
            else
            {
                errors.Add(AnnotationRules.Key(index, "dynamic"), "Must be true or false.");
            }
        }
        decimal? width = null;
        if (item.TryGetProperty("size", out var size) && size.ValueKind != JsonValueKind.Null)
        {
            if (size.ValueKind == JsonValueKind.Number && size.TryGetDecimal(out var share))
            {
                width = share;
            }
            else
            {
                errors.Add(AnnotationRules.Key(index, "size"), AnnotationRules.LogoWidthMessage);
            }
        }
        return new AnnotationInput
        {
            Type = AnnotationTypes.Logo,
            Opacity = Opacity(item, index, errors),
            Width = width,
            Dynamic = moves,
            X = Whole(item, index, "x", errors),
            Y = Whole(item, index, "y", errors),
            Interval = Whole(item, index, "interval", errors),
            Skip = Whole(item, index, "skip", errors),
        };
    }

    private static string? Text(JsonElement item, int index, string field, ValidationErrors errors)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(AnnotationRules.Key(index, field), "Must be a string.");
            return null;
        }
        return value.GetString();
    }

    private static decimal? Opacity(JsonElement item, int index, ValidationErrors errors)
    {
        if (!item.TryGetProperty("opacity", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (!JsonBody.TryGetDecimal(value, out var opacity))
        {
            errors.Add(AnnotationRules.Key(index, "opacity"), "Must be a number from 0 to 1, e.g. 0.3 or \"0.30\".");
            return null;
        }
        return opacity;
    }

    private static int? Whole(JsonElement item, int index, string field, ValidationErrors errors)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (!JsonBody.TryGetWholeNumber(value, out var number) || number is < int.MinValue or > int.MaxValue)
        {
            errors.Add(AnnotationRules.Key(index, field), "Must be a whole number.");
            return null;
        }
        return (int)number;
    }
}
