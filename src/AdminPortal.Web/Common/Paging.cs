namespace AdminPortal.Web.Common;

/// <summary>One page of a larger result, and how many items there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount);

public static class Paging
{
    /// <summary>The most rows any page may hold, in the portal and the API alike.</summary>
    public const int MaxPageSize = 100;

    /// <summary>One window of an ordered query: the offset is at least 0, the size between 1 and <see cref="MaxPageSize"/>.</summary>
    public static IQueryable<T> Window<T>(this IQueryable<T> ordered, int offset, int limit) =>
        ordered.Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, MaxPageSize));
}
