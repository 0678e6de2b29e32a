using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Staff;

/// <summary>A member as the Staff grid shows them. Pending: invited, no password chosen yet.</summary>
public sealed record StaffMember(string Id, string Email, StaffRole Role, bool IsLockedOut)
{
    public string? Name { get; init; }
    public bool IsPending { get; init; }
    public bool TwoFactorEnabled { get; init; }
    public DateTime? LastSignInAt { get; init; }

    /// <summary>For a pending member: when their invitation link stops working (null when none is live).</summary>
    public DateTime? InvitationExpiresAt { get; init; }
}

/// <summary>An invitation just created or resent: the member and the link, shown to the Admin once.</summary>
public sealed record StaffInvitation(StaffMember Member, IssuedLink Link);

/// <summary>An Admin's management of their own organization's staff. Every call checks the actor is an Admin.</summary>
public sealed class StaffService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    StaffLinkService links,
    StaffSessionService sessions,
    Audit.IAuditLog audit,
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
                u.DisplayName,
                u.TwoFactorEnabled,
                u.LastSignInAt,
                Pending = u.PasswordHash == null,
                InvitationExpiresAt = db.StaffLinks
                    .Where(l => l.UserId == u.Id && l.Purpose == StaffLinkPurpose.Invitation && l.UsedAt == null)
                    .Select(l => (DateTime?)l.ExpiresAt).FirstOrDefault(),
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var members = rows.Select(r => new StaffMember(
            r.Id, r.Email ?? "", Enum.TryParse<StaffRole>(r.Role, out var role) ? role : StaffRole.Viewer,
            r.LockoutEnd is { } end && end > now)
        {
            Name = r.DisplayName,
            IsPending = r.Pending,
            TwoFactorEnabled = r.TwoFactorEnabled,
            LastSignInAt = r.LastSignInAt,
            InvitationExpiresAt = r.InvitationExpiresAt,
        }).ToList();
        return Result<Page<StaffMember>>.Ok(new Page<StaffMember>(members, total));
    }

    /// <summary>
    /// Adds a member without a password and issues their invitation link (e-mailed when mail is set up).
    /// They choose their own password when they open it.
    /// </summary>
    public async Task<Result<StaffInvitation>> InviteAsync(Actor actor, string email, string? name, StaffRole role, string baseUrl)
    {
        if (!actor.IsAdmin)
        {
            return Result<StaffInvitation>.Forbidden(AdminsOnly);
        }
        email = email.Trim();
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var errors = new ValidationErrors();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 256)
        {
            errors.Add("email", "Enter a valid e-mail address.");
        }
        if (name is { Length: > StaffRules.MaxNameLength })
        {
            errors.Add("name", $"At most {StaffRules.MaxNameLength} characters.");
        }
        if (!Enum.IsDefined(role))
        {
            errors.Add("role", "Choose Admin, Editor or Viewer.");
        }
        if (!errors.IsEmpty)
        {
            return Result<StaffInvitation>.Invalid(errors);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Result<StaffInvitation>.Invalid("email", "A staff member with this e-mail already exists.");
        }

        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = name, OrganizationId = actor.OrganizationId };
        var db = scope.ServiceProvider.GetRequiredService<AdminPortalDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return Result<StaffInvitation>.Invalid(ToErrors(created));
            }
            await users.AddToRoleAsync(user, role.ToString());
            await transaction.CommitAsync();
        }
        await audit.RecordAsync(actor, Audit.AuditActions.StaffInvited, "staff", email, $"as {role}" + (name is null ? "" : $", name \"{name}\""));
        var link = await links.IssueAsync(user.Id, email, StaffLinkPurpose.Invitation, baseUrl, await OrganizationNameAsync(actor.OrganizationId));
        var member = new StaffMember(user.Id, email, role, false) { Name = name, IsPending = true, InvitationExpiresAt = link.ExpiresAt };
        return Result<StaffInvitation>.Ok(new StaffInvitation(member, link));
    }

    /// <summary>A new invitation link for a member who has not accepted yet; the old link stops working.</summary>
    public async Task<Result<StaffInvitation>> ResendInvitationAsync(Actor actor, string userId, string baseUrl)
    {
        var result = await WithMemberAsync(actor, userId, (users, user, current, services) =>
            Task.FromResult(user.PasswordHash is null
                ? Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, false) { Name = user.DisplayName, IsPending = true })
                : Result<StaffMember>.Invalid("user", "This member has already accepted their invitation.")));
        if (!result.IsOk)
        {
            return Failed<StaffInvitation>(result);
        }
        var member = result.Value!;
        var link = await links.IssueAsync(member.Id, member.Email, StaffLinkPurpose.Invitation, baseUrl, await OrganizationNameAsync(actor.OrganizationId));
        return Result<StaffInvitation>.Ok(new StaffInvitation(member with { InvitationExpiresAt = link.ExpiresAt }, link));
    }

    /// <summary>Withdraws an invitation not yet accepted: the member and their link are gone.</summary>
    public async Task<Result<StaffMember>> CancelInvitationAsync(Actor actor, string userId)
    {
        return await WithMemberAsync(actor, userId, async (users, user, current, services) =>
        {
            if (user.PasswordHash is not null)
            {
                return Result<StaffMember>.Invalid("user", "This member has already accepted their invitation; remove them instead.");
            }
            await users.DeleteAsync(user);
            return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, false) { IsPending = true });
        });
    }

    /// <summary>A one-time password-reset link for an active member, shown to the Admin once (e-mailed when mail is set up).</summary>
    public async Task<Result<IssuedLink>> IssuePasswordResetAsync(Actor actor, string userId, string baseUrl)
    {
        var result = await WithMemberAsync(actor, userId, (users, user, current, services) =>
            Task.FromResult(user.PasswordHash is null
                ? Result<StaffMember>.Invalid("user", "This member has not accepted their invitation yet; resend the invitation instead.")
                : Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, false))));
        if (!result.IsOk)
        {
            return Failed<IssuedLink>(result);
        }
        var link = await links.IssueAsync(userId, result.Value!.Email, StaffLinkPurpose.PasswordReset, baseUrl, await OrganizationNameAsync(actor.OrganizationId));
        return Result<IssuedLink>.Ok(link);
    }

    /// <summary>Signs a member out of every browser (and forgets "remember this browser"); their API keys are untouched.</summary>
    public async Task<Result<StaffMember>> EndSessionsAsync(Actor actor, string userId)
    {
        return await WithMemberAsync(actor, userId, async (users, user, current, services) =>
        {
            await sessions.EndAllAsync(user.Id);
            await users.UpdateSecurityStampAsync(user);
            return Result<StaffMember>.Ok(new StaffMember(user.Id, user.Email!, current, false));
        });
    }

    /// <summary>The invitee chooses a password; the link is spent and the account becomes active. Returns the member's id.</summary>
    public async Task<Result<string>> AcceptInvitationAsync(string code, string password)
    {
        return await UseLinkAsync(code, StaffLinkPurpose.Invitation, password, async (users, user) =>
        {
            user.EmailConfirmed = true;
            var added = await users.AddPasswordAsync(user, password);
            return added.Succeeded ? Result<string>.Ok(user.Id) : Result<string>.Invalid(ToErrors(added));
        });
    }

    /// <summary>A member chooses a new password from a reset link; every session of theirs ends.</summary>
    public async Task<Result<string>> ResetPasswordAsync(string code, string password)
    {
        return await UseLinkAsync(code, StaffLinkPurpose.PasswordReset, password, async (users, user) =>
        {
            await users.RemovePasswordAsync(user);
            var added = await users.AddPasswordAsync(user, password);
            if (!added.Succeeded)
            {
                return Result<string>.Invalid(ToErrors(added));
            }
            await users.ResetAccessFailedCountAsync(user);
            // Failed attempts' lockout ends with the new password; an Admin's lock stays.
            if (user.LockoutEnd is { } end && end != DateTimeOffset.MaxValue)
            {
                await users.SetLockoutEndDateAsync(user, null);
            }
            await sessions.EndAllAsync(user.Id);
            return Result<string>.Ok(user.Id);
        });
    }

    private async Task<Result<string>> UseLinkAsync(string code, StaffLinkPurpose purpose, string password,
        Func<UserManager<ApplicationUser>, ApplicationUser, Task<Result<string>>> apply)
    {
        var (state, userId) = await links.CheckAsync(code, purpose);
        if (state != LinkState.Valid)
        {
            return Result<string>.Invalid("link", state.ToString());
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId!);
        if (user is null)
        {
            return Result<string>.Invalid("link", nameof(LinkState.Unknown));
        }
        // Check the password before spending the link, so a weak one can be corrected with the same link.
        var errors = new ValidationErrors();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, password);
            foreach (var error in checkedPassword.Errors)
            {
                errors.Add("password", error.Description);
            }
        }
        if (!errors.IsEmpty)
        {
            return Result<string>.Invalid(errors);
        }
        if (!await links.SpendAsync(code, purpose))
        {
            return Result<string>.Invalid("link", nameof(LinkState.Used));
        }
        return await apply(users, user);
    }

    private static Result<T> Failed<T>(Result<StaffMember> failure) => failure.Status switch
    {
        ResultStatus.NotFound => Result<T>.NotFound(),
        ResultStatus.Forbidden => Result<T>.Forbidden(failure.Message),
        _ => Result<T>.Invalid(failure.Errors),
    };

    private async Task<string> OrganizationNameAsync(int organizationId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync();
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
            await audit.RecordAsync(actor, Audit.AuditActions.StaffRoleChanged, "staff", user.Email, $"{current} → {role}");
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
            else
            {
                // Out of every browser now, not at the next security-stamp check.
                await sessions.EndAllAsync(user.Id);
            }
            await users.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(actor, locked ? Audit.AuditActions.StaffLocked : Audit.AuditActions.StaffUnlocked, "staff", user.Email);
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
            await sessions.EndAllAsync(user.Id);
            await users.DeleteAsync(user);
            await audit.RecordAsync(actor, Audit.AuditActions.StaffRemoved, "staff", user.Email, $"was {current}");
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
