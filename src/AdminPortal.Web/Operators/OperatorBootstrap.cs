using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Operators;

/// <summary>
/// Creates the first operator from <see cref="BootstrapOptions"/> at start. Idempotent: an existing operator is left as
/// is (their password too, unless <see cref="BootstrapOptions.ResetOperatorPassword"/>), and two instances starting at
/// once end with one account. A setting that cannot work (a weak password, an e-mail that is a staff member's) stops
/// the start with the reason, rather than leaving an install nobody can sign in to.
/// </summary>
public sealed class OperatorBootstrap(
    IServiceProvider services,
    IOptions<BootstrapOptions> options,
    IHostEnvironment environment,
    ILogger<OperatorBootstrap> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await EnsureRoleAsync(roles);

        var settings = options.Value;
        var email = settings.OperatorEmail?.Trim();
        var password = settings.OperatorPassword;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            if (!string.IsNullOrEmpty(email) || !string.IsNullOrEmpty(password))
            {
                throw new InvalidOperationException("Set both Bootstrap:OperatorEmail and Bootstrap:OperatorPassword, or neither.");
            }
            if (environment.IsProduction() && (await users.GetUsersInRoleAsync(PlatformOperator.Role)).Count == 0)
            {
                logger.LogWarning("No platform operator exists. Set Bootstrap:OperatorEmail and Bootstrap:OperatorPassword to create one.");
            }
            return;
        }
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw new InvalidOperationException($"Bootstrap:OperatorEmail is not an e-mail address: '{email}'.");
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            existing = await CreateAsync(users, email, password);
            if (existing is null)
            {
                return;
            }
        }
        if (existing.OrganizationId is not null || !await users.IsInRoleAsync(existing, PlatformOperator.Role))
        {
            throw new InvalidOperationException($"Bootstrap:OperatorEmail {email} belongs to a staff member of an organization; choose another e-mail for the operator.");
        }
        if (settings.ResetOperatorPassword)
        {
            await ResetPasswordAsync(scope.ServiceProvider, users, existing, password);
        }
    }

    /// <summary>The new operator, or null when another instance created them meanwhile (then checked by the caller's next start).</summary>
    private async Task<ApplicationUser?> CreateAsync(UserManager<ApplicationUser> users, string email, string password)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = null };
        var weak = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            weak.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        }
        if (weak.Count > 0)
        {
            throw new InvalidOperationException("Bootstrap:OperatorPassword is too weak: " + string.Join(" ", weak));
        }
        try
        {
            var created = await users.CreateAsync(user, password);
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, PlatformOperator.Role);
                logger.LogInformation("Created platform operator {Email}", email);
                return user;
            }
        }
        catch (DbUpdateException)
        {
            // Another instance inserted the same account first.
        }
        return await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"The operator {email} could not be created.");
    }

    private async Task ResetPasswordAsync(IServiceProvider provider, UserManager<ApplicationUser> users, ApplicationUser user, string password)
    {
        if (await users.CheckPasswordAsync(user, password))
        {
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            throw new InvalidOperationException("Bootstrap:OperatorPassword could not be set: " + string.Join(" ", reset.Errors.Select(e => e.Description)));
        }
        await users.SetLockoutEndDateAsync(user, null);
        await provider.GetRequiredService<StaffSessionService>().EndAllAsync(user.Id);
        logger.LogWarning("The password of platform operator {Email} was reset from Bootstrap:OperatorPassword; turn Bootstrap:ResetOperatorPassword off again.", user.Email);
    }

    private static async Task EnsureRoleAsync(RoleManager<IdentityRole> roles)
    {
        if (await roles.RoleExistsAsync(PlatformOperator.Role))
        {
            return;
        }
        try
        {
            await roles.CreateAsync(new IdentityRole(PlatformOperator.Role));
        }
        catch (DbUpdateException)
        {
            // Another instance created it first; anything else is a real failure.
            if (!await roles.RoleExistsAsync(PlatformOperator.Role))
            {
                throw;
            }
        }
    }
}
