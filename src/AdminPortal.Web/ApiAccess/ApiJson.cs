using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.ApiAccess;

/// <summary>An error with one message, as Django REST framework answers it.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("detail"), Description("What went wrong, in plain words.")] string Detail);

/// <summary>How the server API writes JSON and its error answers. One place, so every endpoint answers alike.</summary>
public static class ApiJson
{
    public const string NotFoundDetail = "Not found.";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcDateTimeConverter() },
        // Answers are application/json, never inlined in HTML: keep quotes and non-ASCII readable ("a", not \u0022a\u0022).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    public static IResult Created<T>(T value) => Results.Json(value, Options, statusCode: StatusCodes.Status201Created);

    /// <summary>Written as its runtime type, so a derived answer (the Testpress token) keeps its own fields.</summary>
    public static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, NotFoundDetail);

    public static IResult Error(int status, string detail) => Results.Json(new ApiError(detail), Options, statusCode: status);

    /// <summary>400 naming each bad field: <c>{"time_to_live": ["..."]}</c>.</summary>
    public static IResult Invalid(ValidationErrors errors) => Results.Json(errors.ToDictionary(), Options, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(string field, string message) => Invalid(ValidationErrors.Of(field, message));

    /// <summary>Maps a failed service result to its HTTP answer.</summary>
    public static IResult Failure<T>(Result<T> result) => result.Status switch
    {
        ResultStatus.Forbidden => Error(StatusCodes.Status403Forbidden, result.Message),
        ResultStatus.Invalid => Invalid(result.Errors),
        _ => NotFound(),
    };

    /// <summary>UTC with a Z and microseconds, e.g. <c>2022-09-04T19:19:06.399581Z</c>.</summary>
    public static string FormatTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTime().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatTime(value));
    }
}
