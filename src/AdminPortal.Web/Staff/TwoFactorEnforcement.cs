using System.Security.Claims;
using Microsoft.AspNetCore.Components.Endpoints;

namespace AdminPortal.Web.Staff;

/// <summary>
/// When the organization requires two-factor sign-in, staff without it may only set it up or sign out:
/// every other page sends them to the set-up page, and the interactive circuit is refused.
/// </summary>
public static class TwoFactorEnforcement
{
    public const string SetupRequiredClaim = "tfa_setup";
    public const string SetupPath = "/account/two-factor";

    public static bool IsSetupRequired(ClaimsPrincipal principal) => principal.HasClaim(SetupRequiredClaim, "1");

    public static IApplicationBuilder UseTwoFactorEnforcement(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!IsSetupRequired(context.User) || IsAllowed(context.Request.Path))
            {
                return next(context);
            }
            if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                context.Response.Redirect(context.Request.PathBase + SetupPath);
                return Task.CompletedTask;
            }
            if (context.Request.Path.StartsWithSegments("/_blazor"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsync("Set up two-factor sign-in first.");
            }
            return next(context);
        });

    private static bool IsAllowed(PathString path) =>
        path.Equals(SetupPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Account/Lockout", StringComparison.OrdinalIgnoreCase);
}
