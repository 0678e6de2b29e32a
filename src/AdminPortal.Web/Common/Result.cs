namespace AdminPortal.Web.Common;

public enum ResultStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
}

/// <summary>What a service call produced: a value, or why not. Callers map it to a page message or an HTTP status.</summary>
public sealed record Result<T>
{
    public ResultStatus Status { get; private init; }
    public T? Value { get; private init; }
    public ValidationErrors Errors { get; private init; } = ValidationErrors.None;

    public bool IsOk => Status == ResultStatus.Ok;

    public static Result<T> Ok(T value) => new() { Status = ResultStatus.Ok, Value = value };
    public static Result<T> NotFound() => new() { Status = ResultStatus.NotFound };
    public static Result<T> Forbidden(string message) =>
        new() { Status = ResultStatus.Forbidden, Errors = ValidationErrors.Of("detail", message) };
    public static Result<T> Invalid(ValidationErrors errors) => new() { Status = ResultStatus.Invalid, Errors = errors };
    public static Result<T> Invalid(string field, string message) => Invalid(ValidationErrors.Of(field, message));

    /// <summary>The first message, for a snackbar.</summary>
    public string Message => Errors.FirstMessage ?? Status switch
    {
        ResultStatus.NotFound => "Not found.",
        ResultStatus.Forbidden => "You do not have permission to do that.",
        _ => "",
    };
}

/// <summary>Field name to messages, e.g. <c>annotations[1].color</c> to <c>["Must be #RGB or #RRGGBB."]</c>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public static ValidationErrors None { get; } = new();

    public static ValidationErrors Of(string field, string message)
    {
        var result = new ValidationErrors();
        result.Add(field, message);
        return result;
    }

    public bool IsEmpty => errors.Count == 0;
    public IEnumerable<string> Fields => errors.Keys;
    public string? FirstMessage => errors.Values.SelectMany(m => m).FirstOrDefault();

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public IReadOnlyList<string> For(string field) => errors.TryGetValue(field, out var m) ? m : [];

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
