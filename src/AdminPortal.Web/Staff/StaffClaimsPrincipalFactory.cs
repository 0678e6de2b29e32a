using System.Security.Claims;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Staff;

/// <summary>Adds the organization to the sign-in cookie so every request knows its tenant without a query.</summary>
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
        await using var db = await dbFactory.CreateDbContextAsync();
        var code = await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.Code).SingleAsync();
        identity.AddClaim(new Claim(Actor.OrganizationIdClaim, user.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Actor.OrganizationCodeClaim, code));
        return identity;
    }
}
