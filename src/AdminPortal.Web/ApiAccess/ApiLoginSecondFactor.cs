using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.ApiAccess;

/// <summary>
/// The second factor of <c>POST /api/auth/login/</c> (our extension): an account with two-factor sign-in on must
/// send <c>otp</c>. Checked before the key is issued; credentials and lockout are still answered by the login itself.
/// Every path here hashes once, so timing does not tell which accounts exist or have two-factor on.
/// </summary>
public sealed class ApiLoginSecondFactor(IServiceScopeFactory scopeFactory, IDbContextFactory<AdminPortalDbContext> dbFactory)
{
    public const string Field = "otp";

    /// <summary>Null when the login may go on; else the 400 naming <c>otp</c>.</summary>
    public async Task<ValidationErrors?> CheckAsync(string? username, string? password, string? organizationCode, string? otp,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password) || string.IsNullOrWhiteSpace(organizationCode))
        {
            return null;
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = organizationCode.Trim();
        var organization = await db.Organizations.Where(o => o.Code == code)
            .Select(o => new { o.Id, o.RequireTwoFactor }).SingleOrDefaultAsync(cancellationToken);
        var user = await users.FindByEmailAsync(username.Trim());
        var mustAsk = user?.PasswordHash is not null && organization is not null && user.OrganizationId == organization.Id
            && (user.TwoFactorEnabled || organization.RequireTwoFactor);
        if (!mustAsk)
        {
            StaffSignInManager.HashInVain(users, password);
            return null;
        }
        if (!await users.CheckPasswordAsync(user!, password) || await users.IsLockedOutAsync(user!))
        {
            return null;
        }
        if (!user!.TwoFactorEnabled)
        {
            return ValidationErrors.Of(Field, "Your organization requires two-factor sign-in: set up an authenticator app on your My account page first.");
        }
        if (string.IsNullOrWhiteSpace(otp))
        {
            return ValidationErrors.Of(Field, "This account has two-factor sign-in on: send the current 6-digit code from the authenticator app as otp.");
        }
        var token = otp.Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, token))
        {
            // Wrong codes count towards lockout, as on the sign-in page.
            await users.AccessFailedAsync(user);
            return ValidationErrors.Of(Field, "The code is not right. Codes change every 30 seconds; send the one shown now.");
        }
        return null;
    }
}
