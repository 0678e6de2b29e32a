namespace AdminPortal.Web.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// The portal's pages: scripts only from this site and none inline (Blazor and MudBlazor need none); inline styles
    /// stay allowed because MudBlazor and Blazor's reconnect UI set them. WebSockets to this site are covered by 'self'.
    /// </summary>
    public const string PortalPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// The API reference (Scalar, signed-in staff only, showing only our own document) builds itself with inline and
    /// evaluated script, so it alone may run them; everything else stays as strict as the portal.
    /// </summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// Portal pages get <see cref="PortalPolicy"/> and may not be framed by other sites (clickjacking) nor sniffed.
    /// A response that set its own policy (the player, which other sites frame) keeps it, and is not given X-Frame-Options.
    /// </summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.Headers.XContentTypeOptions = "nosniff";
            response.OnStarting(() =>
            {
                if (string.IsNullOrEmpty(response.Headers.ContentSecurityPolicy) && !context.Request.Path.StartsWithSegments("/embed"))
                {
                    response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiAccess.ApiEndpoints.DocsPath) ? DocsPolicy : PortalPolicy;
                    response.Headers.XFrameOptions = "SAMEORIGIN";
                    response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
}
