using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Staff;

public sealed record StaffMember(string Id, string Email, StaffRole Role, bool IsLockedOut);

/// <summary>An Admin's management of their own organization's staff. Every call checks the actor is an Admin.</summary>
public sealed class StaffService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    TimeProvider clock)
{
    private const string AdminsOnly = "Only Admins can manage staff.";

    public async Task<Result<Page<StaffMember>>> ListAsync(Actor actor, string? search, int offset, int limit, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<Page<StaffMember>>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking().Where(u => u.OrganizationId == actor.OrganizationId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(term));
        }
        var total = await users.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await users
            .OrderBy(u => u.NormalizedEmail)
            .Window(offset, limit)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.LockoutEnd,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var members = rows.Select(r => new StaffMember(
            r.Id, r.Email ?? "", Enum.TryParse<StaffRole>(r.Role, out var role) ? role : StaffRole.Viewer,
            r.LockoutEnd is { } end && end > now)).ToList();
        return Result<Page<StaffMember>>.Ok(new Page<StaffMember>(members, total));
    }

    public async Task<Result<StaffMember>> AddAsync(Actor actor, string email, StaffRole role, string password)
    {
        if (!actor.IsAdmin)
        {
            return Result<StaffMember>.Forbidden(AdminsOnly);
        }
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            return Result<StaffMember>.Invalid("email", "Enter a valid e-mail address.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Result<StaffMember>.Invalid("email", "A staff member with this e-mail already exists.");
        }

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = actor.OrganizationId };
        var db = scope.ServiceProvider.GetRequiredService<AdminPortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<StaffMember>.Invalid(ToErrors(created));
        }
        await users.AddToRoleAsync(user, role.ToString());
        await transaction.CommitAsync();
        return Result<StaffMember>.Ok(new StaffMember(user.Id, email, role, false));
    }

    public async Task<Result<StaffMember>> ChangeRoleAsync(Actor actor, string userId, StaffRole role)
    {
        return await WithMemberAsync(actor, userId, async (users, user, current, services) =>
        {
            if (current == role)
            {
                return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, role, false));
            }
            if (current == StaffRole.Admin && await CountAdminsAsync(actor.OrganizationId) <= 1)
            {
                return Result<StaffMember>.Invalid("role", "The organization needs at least one Admin; make someone else Admin first.");
            }
            // Exactly one role, swapped in one transaction: never none, never two.
            var db = services.GetRequiredService<AdminPortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
            await users.AddToRoleAsync(user, role.ToString());
            await transaction.CommitAsync();
            // A new security stamp signs the member out of open sessions, so the new role applies at once.
            await users.UpdateSecurityStampAsync(user);
            return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, role, false));
        });
    }

    public async Task<Result<StaffMember>> SetLockedAsync(Actor actor, string userId, bool locked)
    {
        return await WithMemberAsync(actor, userId, async (users, user, current, services) =>
        {
            if (locked && user.Id == actor.UserId)
            {
                return Result<StaffMember>.Invalid("user", "You cannot lock your own account.");
            }
            if (locked && current == StaffRole.Admin && await CountAdminsAsync(actor.OrganizationId) <= 1)
            {
                return Result<StaffMember>.Invalid("user", "The last Admin cannot be locked.");
            }
            await users.SetLockoutEndDateAsync(user, locked ? StaffLockout.ByAdmin : null);
            if (!locked)
            {
                await users.ResetAccessFailedCountAsync(user);
            }
            await users.UpdateSecurityStampAsync(user);
            return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, locked));
        });
    }

    public async Task<Result<StaffMember>> RemoveAsync(Actor actor, string userId)
    {
        return await WithMemberAsync(actor, userId, async (users, user, current, services) =>
        {
            if (user.Id == actor.UserId)
            {
                return Result<StaffMember>.Invalid("user", "You cannot remove yourself.");
            }
            if (current == StaffRole.Admin && await CountAdminsAsync(actor.OrganizationId) <= 1)
            {
                return Result<StaffMember>.Invalid("user", "The last Admin cannot be removed.");
            }
            await users.DeleteAsync(user);
            return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, false));
        });
    }

    private async Task<Result<StaffMember>> WithMemberAsync(
        Actor actor, string userId,
        Func<UserManager<ApplicationUser>, ApplicationUser, StaffRole, IServiceProvider, Task<Result<StaffMember>>> action)
    {
        if (!actor.IsAdmin)
        {
            return Result<StaffMember>.Forbidden(AdminsOnly);
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        // Another organization's member is simply not found.
        if (user is null || user.OrganizationId != actor.OrganizationId)
        {
            return Result<StaffMember>.NotFound();
        }
        var roles = await users.GetRolesAsync(user);
        var current = roles.Select(r => Enum.TryParse<StaffRole>(r, out var parsed) ? parsed : StaffRole.Viewer).DefaultIfEmpty(StaffRole.Viewer).Max();
        return await action(users, user, current, scope.ServiceProvider);
    }

    private async Task<int> CountAdminsAsync(int organizationId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // SQLite cannot compare DateTimeOffset, and admins are few: filter lockouts in memory.
        var lockouts = await db.Users
            .Where(u => u.OrganizationId == organizationId)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == StaffRoles.Admin)))
            .Select(u => u.LockoutEnd)
            .ToListAsync();
        var now = clock.GetUtcNow();
        return lockouts.Count(end => end is null || end <= now);
    }

    private static ValidationErrors ToErrors(IdentityResult result)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
        }
        return errors;
    }
}
