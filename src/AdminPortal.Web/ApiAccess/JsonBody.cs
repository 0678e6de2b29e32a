using System.Globalization;
using System.Text.Json;
using AdminPortal.Web.Common;
using Microsoft.Net.Http.Headers;

namespace AdminPortal.Web.ApiAccess;

/// <summary>
/// The one strict reader of API request bodies: JSON content type, bounded size, well-formed object.
/// Every write endpoint reads through here, so bad input answers 400/413/415 and never reaches the service.
/// </summary>
public static class JsonBody
{
    /// <summary>A token request with ten annotations is under 4 KB; 64 KB leaves room and stops abuse early.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The body as a JSON object, or the error answer to send. No body at all reads as <c>{}</c>.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType;
        if (!string.IsNullOrWhiteSpace(contentType) && !IsJson(contentType))
        {
            return (default, UnsupportedMediaType(contentType));
        }
        if (request.ContentLength > MaxBytes)
        {
            return (default, TooLarge());
        }

        // At most MaxBytes, whatever Content-Length claimed.
        var bytes = await BoundedRead.ReadAsync(request.Body, MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return (default, TooLarge());
        }
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (Empty, null);
        }
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return (default, UnsupportedMediaType(null));
        }

        // The JSON reader does not check UTF-8 inside strings; reading such a string later would throw.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (default, ApiJson.Error(StatusCodes.Status400BadRequest, "JSON parse error: the body is not valid UTF-8."));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, ApiJson.Invalid(NonFieldErrors, "Expected a JSON object, e.g. {\"time_to_live\": 300}."));
            }
            // An escaped lone surrogate ("\ud800") parses, but no string can hold it: refuse it here, named, before any reader trips on it.
            if (FirstBadText(document.RootElement, "") is { } bad)
            {
                return (default, ApiJson.Invalid(bad.Field, bad.Message));
            }
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (default, ApiJson.Error(StatusCodes.Status400BadRequest, $"JSON parse error: the body is not valid JSON{where}."));
        }
    }

    /// <summary>Rejects fields not in <paramref name="allowed"/>, and fields given twice; errors are keyed <c>prefix + name</c>.</summary>
    public static void RejectUnknownFields(JsonElement obj, IReadOnlySet<string> allowed, string prefix, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                errors.Add(prefix + property.Name, $"Unknown field. Allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(prefix + property.Name, "Given more than once.");
            }
        }
    }

    /// <summary>A JSON integer: no fraction, no exponent, no quotes.</summary>
    public static bool TryGetWholeNumber(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number
            && value.GetRawText().All(c => char.IsAsciiDigit(c) || c == '-')
            && value.TryGetInt64(out number);
    }

    /// <summary>A number, or a string holding one (Testpress answers opacity as "0.30"; both read back).</summary>
    public static bool TryGetDecimal(JsonElement value, out decimal number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out number),
            JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private const string NonFieldErrors = "non_field_errors";

    /// <summary>The first string value or field name that is not valid Unicode, keyed like the other errors (<c>annotations[0].text</c>).</summary>
    private static (string Field, string Message)? FirstBadText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryText(() => property.Name, out var name))
                    {
                        return (path.Length == 0 ? NonFieldErrors : path, "A field name is not valid Unicode (it holds a lone surrogate such as \\ud800).");
                    }
                    if (FirstBadText(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstBadText(item, $"{path}[{index++}]") is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValueKind.String:
                return TryText(element.GetString, out _) ? null : (path, "Must be valid Unicode text (it holds a lone surrogate such as \\ud800).");
            default:
                return null;
        }
    }

    private static bool TryText(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static JsonElement Empty { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static IResult UnsupportedMediaType(string? contentType) => ApiJson.Error(StatusCodes.Status415UnsupportedMediaType,
        contentType is null
            ? "Missing Content-Type. Send the body as JSON with \"Content-Type: application/json\"."
            : $"Unsupported media type \"{contentType}\" in request. Send the body as JSON with \"Content-Type: application/json\".");

    private static IResult TooLarge() => ApiJson.Error(StatusCodes.Status413PayloadTooLarge,
        $"The request body is larger than {MaxBytes / 1024} KB.");
}
