using System.Text;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;

namespace AdminPortal.Web.Tokens;

/// <summary>
/// The grid's "Export CSV": every token its filter and search show, streamed as the pages are read. Signed-in staff
/// of the video's organization only (any role may read tokens); a read, so it changes nothing and needs no form token.
/// </summary>
public static class TokenExportEndpoint
{
    public static IEndpointRouteBuilder MapTokenExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/videos/{videoId}/tokens.csv", ExportAsync).RequireAuthorization();
        return app;
    }

    private static async Task ExportAsync(string videoId, string? status, string? search, HttpContext context, TokenService tokens, PlaybackUrls urls,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        var filter = status?.ToLowerInvariant() switch
        {
            null or "" or "all" => TokenStatusFilter.All,
            "active" => TokenStatusFilter.Active,
            "expired" => TokenStatusFilter.Expired,
            _ => (TokenStatusFilter?)null,
        };
        if (Actor.FromPrincipal(context.User) is not { } actor
            || filter is null
            || await tokens.ExportAsync(actor, videoId, filter.Value, search, cancellationToken) is not { } rows)
        {
            response.StatusCode = filter is null ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound;
            await response.WriteAsync(filter is null ? "status must be all, active or expired." : "Not found.", cancellationToken);
            return;
        }
        response.ContentType = TokenCsv.ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentDisposition = $"attachment; filename=\"tokens-{videoId}-{filter.Value.ToString().ToLowerInvariant()}.csv\"";
        var baseUrl = urls.BaseUrl(context.Request);
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteAsync(TokenCsv.Header + "\r\n");
        var written = 0;
        await foreach (var token in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(TokenCsv.Row(token, PlaybackUrls.Embed(baseUrl, actor.OrganizationCode, videoId, token.Code)) + "\r\n");
            if (++written % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }
}
