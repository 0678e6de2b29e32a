using System.Security.Claims;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Staff;

/// <summary>
/// Identity's sign-in, plus: every sign-in opens a server-side session (its id rides in the cookie), sign-out ends
/// it, and signing in by e-mail answers the same way, in the same time, whether or not the account exists.
/// </summary>
public sealed class StaffSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    StaffSessionService sessions,
    SignInTiming timing)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash =
        new(() => new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), "not-a-real-password"));

    /// <summary>
    /// One password hash on every path. "Locked out" is told only to whoever knows the password; an unknown
    /// e-mail, a wrong password and a locked account with a wrong password all answer <see cref="SignInResult.Failed"/>.
    /// </summary>
    public async Task<SignInResult> SignInByEmailAsync(string email, string password, bool isPersistent)
    {
        var started = timing.Start();
        var user = await UserManager.FindByEmailAsync(email);
        if (user?.PasswordHash is null)
        {
            // Unknown e-mail, or an invitation not yet accepted: hash anyway, so the answer takes as long.
            HashInVain(UserManager, password);
            await timing.PadAsync(started);
            return SignInResult.Failed;
        }
        if (await UserManager.IsLockedOutAsync(user))
        {
            if (await UserManager.CheckPasswordAsync(user, password))
            {
                return SignInResult.LockedOut;
            }
            await timing.PadAsync(started);
            return SignInResult.Failed;
        }
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            return result;
        }
        if (result.IsNotAllowed)
        {
            // Refused before the password was checked (a suspended organization): say so only to whoever knows it.
            if (await UserManager.CheckPasswordAsync(user, password))
            {
                return result;
            }
            await timing.PadAsync(started);
            return SignInResult.Failed;
        }
        timing.RecordFailure(started);
        // A wrong password that just locked the account proves nothing about who is asking.
        return SignInResult.Failed;
    }

    /// <summary>Costs what checking a real password costs, for paths that must not answer faster.</summary>
    public static void HashInVain(UserManager<ApplicationUser> users, string password) =>
        users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash.Value, password);

    /// <summary>Identity's checks, and: a suspended organization's staff may not sign in (by password, code or link).</summary>
    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        if (!await base.CanSignInAsync(user))
        {
            return false;
        }
        return user.OrganizationId is not { } organizationId || !await sessions.IsOrganizationSuspendedAsync(organizationId);
    }

    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // Every way in passes here (an accepted invitation or reset link too), so a suspended organization's staff stay out.
        if (!await CanSignInAsync(user))
        {
            return;
        }
        var claims = additionalClaims.ToList();
        if (!claims.Any(c => c.Type == StaffSessionService.ClaimType))
        {
            var id = await sessions.StartAsync(user.Id, Context.Connection.RemoteIpAddress?.ToString(), Context.Request.Headers.UserAgent.ToString());
            claims.Add(new Claim(StaffSessionService.ClaimType, id));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Re-issues the cookie (new security stamp, new claims) within the same session.</summary>
    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var claims = new List<Claim>();
        foreach (var type in new[] { StaffSessionService.ClaimType, "amr", ClaimTypes.AuthenticationMethod })
        {
            if (auth.Principal?.FindFirst(type) is { } claim)
            {
                claims.Add(new Claim(type, claim.Value));
            }
        }
        await SignInWithClaimsAsync(user, auth.Properties, claims);
    }

    public override async Task SignOutAsync()
    {
        if (CurrentSessionId(Context.User) is { } id)
        {
            await sessions.EndAsync(id);
        }
        await base.SignOutAsync();
    }

    public static string? CurrentSessionId(ClaimsPrincipal principal) => principal.FindFirstValue(StaffSessionService.ClaimType);
}
