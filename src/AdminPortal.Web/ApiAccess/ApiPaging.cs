using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using AdminPortal.Web.Common;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminPortal.Web.ApiAccess;

/// <summary>A limit/offset page (TPStreams form).</summary>
public sealed record LimitOffsetPage<T>(
    [property: JsonPropertyName("count"), Description("How many items match, across all pages.")] int Count,
    [property: JsonPropertyName("next"), Description("Absolute URL of the next page, or null on the last page.")] string? Next,
    [property: JsonPropertyName("previous"), Description("Absolute URL of the previous page, or null on the first page.")] string? Previous,
    [property: JsonPropertyName("results"), Description("This page's items.")] IReadOnlyList<T> Results);

/// <summary>A page-number page (Testpress form).</summary>
public sealed record NumberedPage<T>(
    [property: JsonPropertyName("count"), Description("How many items match, across all pages.")] int Count,
    [property: JsonPropertyName("next"), Description("Absolute URL of the next page, or null on the last page.")] string? Next,
    [property: JsonPropertyName("previous"), Description("Absolute URL of the previous page, or null on the first page.")] string? Previous,
    [property: JsonPropertyName("per_page"), Description("Page size used for this answer (page_size, default 20).")] int PerPage,
    [property: JsonPropertyName("results"), Description("This page's items.")] IReadOnlyList<T> Results);

/// <summary>Paging parameters read strictly from the query string, and the absolute next/previous links.</summary>
public static class ApiPaging
{
    public const int DefaultLimit = 50;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = Paging.MaxPageSize;

    /// <summary>limit (1.., clamped to 100, default 50) and offset (0.., default 0).</summary>
    public static (int Limit, int Offset) LimitOffset(string? limit, string? offset, ValidationErrors errors) =>
        (Clamp(Whole(limit, "limit", 1, DefaultLimit, errors)), Whole(offset, "offset", 0, 0, errors));

    /// <summary>page (1.., default 1) and page_size (1.., clamped to 100, default 20).</summary>
    public static (int Page, int PageSize) PageNumber(string? page, string? pageSize, ValidationErrors errors) =>
        (Whole(page, "page", 1, 1, errors), Clamp(Whole(pageSize, "page_size", 1, DefaultPageSize, errors)));

    /// <summary>true/false (also 1/0), or null when absent.</summary>
    public static bool? Boolean(string? value, string name, ValidationErrors errors)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add(name, "Must be true or false.");
                return null;
        }
    }

    public static LimitOffsetPage<T> LimitOffsetPage<T>(HttpRequest request, string baseUrl, Page<T> page, int limit, int offset)
    {
        var next = (long)offset + limit < page.TotalCount ? Link(request, baseUrl, ("limit", limit), ("offset", offset + limit)) : null;
        string? previous = null;
        if (offset > 0)
        {
            // Like Django REST framework: the first page's link leaves offset out.
            previous = offset - limit <= 0
                ? Link(request, baseUrl, ("limit", limit), ("offset", null))
                : Link(request, baseUrl, ("limit", limit), ("offset", offset - limit));
        }
        return new LimitOffsetPage<T>(page.TotalCount, next, previous, page.Items);
    }

    public static NumberedPage<T> NumberedPage<T>(HttpRequest request, string baseUrl, Page<T> page, int number, int pageSize)
    {
        var next = (long)number * pageSize < page.TotalCount ? Link(request, baseUrl, ("page", number + 1)) : null;
        string? previous = number <= 1 ? null
            : number == 2 ? Link(request, baseUrl, ("page", null))
            : Link(request, baseUrl, ("page", number - 1));
        return new NumberedPage<T>(page.TotalCount, next, previous, pageSize, page.Items);
    }

    /// <summary>The request's canonical URL (trailing slash) with some query values replaced or (null) removed.</summary>
    private static string Link(HttpRequest request, string baseUrl, params (string Name, int? Value)[] changes)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                query.Remove(name);
            }
            else
            {
                query[name] = value.Value.ToString(CultureInfo.InvariantCulture);
            }
        }
        var path = request.Path.Value ?? "/";
        if (!path.EndsWith('/'))
        {
            path += "/";
        }
        return QueryHelpers.AddQueryString(baseUrl + path, query.OrderBy(q => Order(q.Key)).ThenBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)));
    }

    /// <summary>Filters first, then paging, like the examples in the references (?limit=50&amp;offset=50).</summary>
    private static int Order(string key) => key switch
    {
        "limit" or "page_size" => 1,
        "offset" or "page" => 2,
        _ => 0,
    };

    private static int Clamp(int size) => Math.Min(size, MaxPageSize);

    private static int Whole(string? value, string name, int min, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            errors.Add(name, $"Must be a whole number, {min} or more.");
            return fallback;
        }
        return number;
    }
}
