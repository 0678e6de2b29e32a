using System.Security.Claims;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Staff;

/// <summary>Adds the organization (and whether two-factor set-up is still owed) to the sign-in cookie, so every request knows its tenant without a query.</summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    IDbContextFactory<AdminPortalDbContext> dbFactory)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganizationId is not { } organizationId)
        {
            // A platform operator: no organization, so none of the staff pages' claims.
            return identity;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var organization = await db.Organizations.Where(o => o.Id == organizationId)
            .Select(o => new { o.Code, o.RequireTwoFactor }).SingleAsync();
        identity.AddClaim(new Claim(Actor.OrganizationIdClaim, organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Actor.OrganizationCodeClaim, organization.Code));
        // Rebuilt at every security-stamp check (each minute), so turning the requirement on reaches open sessions.
        if (organization.RequireTwoFactor && !user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(TwoFactorEnforcement.SetupRequiredClaim, "1"));
        }
        return identity;
    }
}
