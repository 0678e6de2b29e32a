using Microsoft.AspNetCore.Routing.Template;

namespace AdminPortal.Web.ApiAccess;

/// <summary>
/// The API's fallback answer: a path some endpoint serves under other methods is a 405 with <c>Allow</c>
/// (as Django REST framework answers), anything else a 404. Routing alone can't tell, since the fallback takes every method.
/// </summary>
public sealed class ApiMethodNotAllowed(EndpointDataSource endpoints)
{
    private readonly Lazy<IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>> routes = new(() =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods))
            .Where(e => e.Methods is { Count: > 0 })
            .Select(e => (new TemplateMatcher(TemplateParser.Parse(e.Endpoint.RoutePattern.RawText!), new RouteValueDictionary()), e.Methods!))
            .ToList());

    public IResult Answer(HttpContext context)
    {
        var allowed = routes.Value
            .Where(r => r.Matcher.TryMatch(context.Request.Path, new RouteValueDictionary()))
            .SelectMany(r => r.Methods)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (allowed.Count == 0)
        {
            return ApiJson.NotFound();
        }
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiJson.Error(StatusCodes.Status405MethodNotAllowed, $"Method \"{context.Request.Method}\" not allowed.");
    }
}
