using AdminPortal.Web.Operators;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Who may open what. A plain <c>[Authorize]</c> means staff of an organization (the default policy), so a page
/// written for staff never opens to an operator by accident; account pages both share say <see cref="SignedIn"/>.
/// </summary>
public static class PortalPolicies
{
    public const string Staff = "Staff";
    public const string Operator = "Operator";
    public const string SignedIn = "SignedIn";

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder authorization)
    {
        var staff = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Actor.OrganizationIdClaim).Build();
        return authorization
            .SetDefaultPolicy(staff)
            .AddPolicy(Staff, staff)
            .AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireRole(PlatformOperator.Role))
            .AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser())
            // Endpoints that say nothing (the circuit's hub, the API document) need a signed-in user of either kind.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
