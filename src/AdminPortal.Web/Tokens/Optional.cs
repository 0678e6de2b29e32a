namespace AdminPortal.Web.Tokens;

/// <summary>A field that may be left out of a request; "left out" differs from "set to null".</summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static implicit operator Optional<T>(T value) => new(true, value);

    public static Optional<T> Missing => default;

    public T GetValueOrDefault(T fallback) => HasValue ? Value : fallback;
}
