namespace AdminPortal.Web.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// Portal pages may not be framed by other sites (clickjacking) nor sniffed. The player page sets its own,
    /// looser framing policy, because being embedded is its job.
    /// </summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (!context.Request.Path.StartsWithSegments("/embed"))
            {
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }
            return next(context);
        });
}
