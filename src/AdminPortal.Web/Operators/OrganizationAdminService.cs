using System.Text.RegularExpressions;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Operators;

/// <summary>An organization as operators see it: who it is and how big, never its videos or tokens.</summary>
public sealed record OrganizationSummary(int Id, string Code, string Name, DateTime? SuspendedAt, int StaffCount, int VideoCount, long TokenCount)
{
    public bool IsSuspended => SuspendedAt is not null;
}

/// <summary>An organization just created, with its first Admin's one-time set-password link (shown to the operator once).</summary>
public sealed record NewOrganization(OrganizationSummary Organization, string AdminEmail, IssuedLink Link);

/// <summary>The organization code rule, in one place.</summary>
public static partial class OrganizationRules
{
    public const int MinCodeLength = 2;
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 200;
    public const string CodeRule = "Use 2 to 32 characters: lowercase letters a-z, digits and hyphens (e.g. acme-video).";

    [GeneratedRegex(@"\A[a-z0-9-]{2,32}\z")]
    private static partial Regex CodePattern();

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);
}

/// <summary>
/// Everything a platform operator does to organizations, in one place: list with counts, create (with the first Admin's
/// invitation), rename, suspend, reactivate. Suspension is one column that the sign-in, session, API-key and player
/// checks already read with their own lookups; here it also ends the organization's open sessions at once.
/// Each change is audited in the organization's own log, in the transaction that makes it, so its Admins see what an operator did.
/// </summary>
public sealed class OrganizationAdminService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    StaffLinkService links,
    StaffSessionService sessions,
    ApiKeyCache apiKeys,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<Result<Page<OrganizationSummary>>> ListAsync(PlatformOperator actor, string? search, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organizations = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            var lower = term.ToLowerInvariant();
            organizations = organizations.Where(o => o.Code.Contains(lower) || o.Name.Contains(term));
        }
        var total = await organizations.CountAsync(cancellationToken);
        var rows = await organizations.OrderBy(o => o.Code).Window(offset, limit)
            .Select(o => new { o.Id, o.Code, o.Name, o.SuspendedAt })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();

        // One grouped query per kind of count for the whole page, never one per row.
        var staff = await db.Users.Where(u => u.OrganizationId != null && ids.Contains(u.OrganizationId.Value))
            .GroupBy(u => u.OrganizationId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var videos = await db.Videos.Where(v => ids.Contains(v.OrganizationId))
            .GroupBy(v => v.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // From the kept per-video totals: a sum over an organization's videos, not a count over its tokens.
        var tokens = await db.VideoTokenCounts.Join(db.Videos, c => c.VideoId, v => v.Id, (c, v) => new { v.OrganizationId, c.Total })
            .Where(x => ids.Contains(x.OrganizationId))
            .GroupBy(x => x.OrganizationId).Select(g => new { g.Key, Total = g.Sum(x => x.Total) })
            .ToDictionaryAsync(g => g.Key, g => g.Total, cancellationToken);

        var items = rows.Select(r => new OrganizationSummary(r.Id, r.Code, r.Name, r.SuspendedAt,
            staff.GetValueOrDefault(r.Id), videos.GetValueOrDefault(r.Id), tokens.GetValueOrDefault(r.Id))).ToList();
        return Result<Page<OrganizationSummary>>.Ok(new Page<OrganizationSummary>(items, total));
    }

    /// <summary>
    /// Creates the organization and its first Admin (no password yet), and issues the Admin's invitation link, e-mailed
    /// when mail is set up. Nothing is created when any field is wrong.
    /// </summary>
    public async Task<Result<NewOrganization>> CreateAsync(PlatformOperator actor, string? code, string? name, string? adminEmail, string baseUrl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        code = code?.Trim() ?? "";
        name = name?.Trim() ?? "";
        adminEmail = adminEmail?.Trim() ?? "";
        var errors = new ValidationErrors();
        if (!OrganizationRules.IsValidCode(code))
        {
            errors.Add("code", code.Length == 0 ? "Enter a code. " + OrganizationRules.CodeRule : OrganizationRules.CodeRule);
        }
        CheckName(name, errors);
        if (!System.Net.Mail.MailAddress.TryCreate(adminEmail, out var parsed) || parsed.Address != adminEmail || adminEmail.Length > 256)
        {
            errors.Add("adminEmail", "Enter the first Admin's e-mail address.");
        }
        if (!errors.IsEmpty)
        {
            return Result<NewOrganization>.Invalid(errors);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminPortalDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await db.Organizations.AnyAsync(o => o.Code == code, cancellationToken))
        {
            errors.Add("code", $"The code \"{code}\" is taken by another organization.");
        }
        if (await users.FindByEmailAsync(adminEmail) is not null)
        {
            errors.Add("adminEmail", "Someone with this e-mail already has an account here; each person belongs to one organization.");
        }
        if (!errors.IsEmpty)
        {
            return Result<NewOrganization>.Invalid(errors);
        }

        var organization = new Organization { Code = code, Name = name };
        ApplicationUser admin;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                db.Organizations.Add(organization);
                await db.SaveChangesAsync(cancellationToken);
                admin = new ApplicationUser { UserName = adminEmail, Email = adminEmail, OrganizationId = organization.Id };
                var created = await users.CreateAsync(admin);
                if (!created.Succeeded)
                {
                    return Result<NewOrganization>.Invalid("adminEmail", string.Join(" ", created.Errors.Select(e => e.Description)));
                }
                await users.AddToRoleAsync(admin, StaffRoles.Admin);
                audit.Stage(db, Record(actor, organization.Id, AuditActions.OrganizationCreated, code, $"Created \"{name}\" with first Admin {adminEmail}"));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Two operators raced for the same code (the unique index settled it) or e-mail.
                return Result<NewOrganization>.Invalid("code", $"The code \"{code}\" is taken by another organization.");
            }
        }
        var link = await links.IssueAsync(admin.Id, adminEmail, StaffLinkPurpose.Invitation, baseUrl, name, cancellationToken);
        var summary = new OrganizationSummary(organization.Id, code, name, null, 1, 0, 0);
        return Result<NewOrganization>.Ok(new NewOrganization(summary, adminEmail, link));
    }

    public async Task<Result<string>> RenameAsync(PlatformOperator actor, int organizationId, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        name = name?.Trim() ?? "";
        var errors = new ValidationErrors();
        CheckName(name, errors);
        if (!errors.IsEmpty)
        {
            return Result<string>.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return Result<string>.NotFound();
        }
        if (organization.Name != name)
        {
            audit.Stage(db, Record(actor, organizationId, AuditActions.OrganizationRenamed, organization.Code, $"Name: \"{organization.Name}\" → \"{name}\""));
            organization.Name = name;
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<string>.Ok(name);
    }

    /// <summary>
    /// Suspends: its tokens stop playing (loads, session starts and heartbeats are refused, so playing viewers stop at
    /// their next heartbeat), its staff are signed out and cannot sign in, its API keys answer 401. Nothing is deleted.
    /// </summary>
    public async Task<Result<bool>> SuspendAsync(PlatformOperator actor, int organizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return Result<bool>.NotFound();
        }
        var changed = await ChangeSuspensionAsync(db, actor, organizationId, suspend: true, now, cancellationToken);
        // This instance forgets at once; others within the caches' bounds (sessions 30 s, keys 5 s).
        apiKeys.Clear();
        await sessions.EndAllInOrganizationAsync(organizationId, cancellationToken);
        return Result<bool>.Ok(changed == 1);
    }

    /// <summary>Lifts a suspension: tokens play again (those still valid), staff can sign in, API keys work again.</summary>
    public async Task<Result<bool>> ReactivateAsync(PlatformOperator actor, int organizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return Result<bool>.NotFound();
        }
        var changed = await ChangeSuspensionAsync(db, actor, organizationId, suspend: false, null, cancellationToken);
        apiKeys.Clear();
        return Result<bool>.Ok(changed == 1);
    }

    // The conditional update decides which of two racing operators made the change; only that one is audited.
    private async Task<int> ChangeSuspensionAsync(AdminPortalDbContext db, PlatformOperator actor, int organizationId, bool suspend, DateTime? at,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Organizations.Where(o => o.Id == organizationId && (o.SuspendedAt == null) == suspend)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.SuspendedAt, at), cancellationToken);
        if (changed == 1)
        {
            var code = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Code).FirstAsync(cancellationToken);
            audit.Stage(db, Record(actor, organizationId, suspend ? AuditActions.OrganizationSuspended : AuditActions.OrganizationReactivated, code,
                suspend ? "Tokens stop playing, staff are signed out, API keys answer 401" : "Tokens play, staff can sign in, API keys work"));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private AuditRecord Record(PlatformOperator actor, int organizationId, string action, string code, string summary) =>
        new(organizationId, new AuditWho(AuditActorKind.Operator, actor.UserId, $"Operator {actor.Name}", audit.RequestAddress), action, "organization", code, summary);

    private static void CheckName(string name, ValidationErrors errors)
    {
        if (name.Length == 0)
        {
            errors.Add("name", "Enter the organization's name.");
        }
        else if (name.Length > OrganizationRules.MaxNameLength)
        {
            errors.Add("name", $"At most {OrganizationRules.MaxNameLength} characters.");
        }
        else if (!TextRules.IsWellFormed(name) || name.Any(char.IsControl))
        {
            errors.Add("name", "Use ordinary text: no control characters or broken Unicode.");
        }
    }
}
