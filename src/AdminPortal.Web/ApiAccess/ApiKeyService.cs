using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.ApiAccess;

/// <summary>An API key as staff see it; the key itself is never shown again after creation.</summary>
public sealed record ApiKeyView(long Id, string Name, string OwnerEmail, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>A key just created: the only moment its secret is known.</summary>
public sealed record NewApiKey(ApiKeyView View, string Key);

/// <summary>The owner of a valid key, and which key it was (so logout can delete it).</summary>
public sealed record ApiKeyOwner(long KeyId, Actor Actor);

/// <summary>
/// Server API keys: login/logout for backends, create/list/revoke for Admins, and the per-request lookup.
/// Keys are 40 hex characters from a cryptographic source; only their SHA-256 hash is stored.
/// </summary>
public sealed class ApiKeyService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    ApiKeyCache cache,
    TimeProvider clock)
{
    public const int MaxKeysPerOrganization = 20;
    public const int KeyLength = 40;
    public const int PrefixLength = 8;
    public const int MaxNameLength = 100;

    /// <summary>Last-used times are written at most this often per key, so reads stay cheap.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const string BadCredentials = "Unable to log in with provided credentials.";
    public const string LockedOut = "This account is locked after too many failed attempts, or by an Admin. Try again later or ask an Admin.";
    public static readonly string TooManyKeys =
        $"This organization already has {MaxKeysPerOrganization} API keys, the most allowed. Log out an unused key (POST /api/auth/logout/) or revoke one on the API keys page, then try again.";
    public const string Suspended = "This organization is suspended; its API keys do not work. Contact the platform's operator.";
    private const string AdminsOnly = "Only Admins can manage API keys.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Checks the staff member's credentials like the sign-in page does (failures count towards lockout) and issues a key.</summary>
    public async Task<Result<string>> LoginAsync(string? username, string? password, string? organizationCode, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        Require(username, "username", errors);
        Require(password, "password", errors);
        Require(organizationCode, "organization_id", errors);
        if (!errors.IsEmpty)
        {
            return Result<string>.Invalid(errors);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = organizationCode!.Trim();
        var organizationId = await db.Organizations.Where(o => o.Code == code).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken);
        var user = await users.FindByEmailAsync(username!.Trim());
        // One answer for unknown user, wrong organization and wrong password: nothing to probe.
        if (organizationId is null || user is null || user.OrganizationId != organizationId)
        {
            // Hash anyway, so the answer takes as long as for a real account.
            users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash.Value, password!);
            return Result<string>.Invalid("non_field_errors", BadCredentials);
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            // Say "locked" only to whoever knows the password; others learn nothing about the account.
            var knowsPassword = await users.CheckPasswordAsync(user, password!);
            return Result<string>.Invalid("non_field_errors", knowsPassword ? LockedOut : BadCredentials);
        }
        if (check.IsNotAllowed)
        {
            // A suspended organization; said only to whoever knows the password.
            var knowsPassword = await users.CheckPasswordAsync(user, password!);
            return Result<string>.Invalid("non_field_errors", knowsPassword ? Suspended : BadCredentials);
        }
        if (!check.Succeeded)
        {
            return Result<string>.Invalid("non_field_errors", BadCredentials);
        }

        var name = $"API login {Formats.Exact(Now)}";
        var created = await AddKeyAsync(db, organizationId.Value, user.Id, user.Email ?? username, name, cancellationToken);
        return created.IsOk ? Result<string>.Ok(created.Value!.Key) : Result<string>.Invalid(created.Errors);
    }

    /// <summary>Deletes the key a request was made with.</summary>
    private static readonly Lazy<string> DummyHash =
        new(() => new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), "not-a-real-password"));

    public async Task LogoutAsync(long keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteDeleteAsync(cancellationToken);
        cache.Clear();
    }

    /// <summary>
    /// The owner of a key, if the key is valid and its owner may still act: a removed or Admin-locked staff member's
    /// keys stop working at once, and a role change applies on the next request. A lockout from failed sign-ins does
    /// not stop keys (see <see cref="StaffLockout"/>). Answers come from <see cref="ApiKeyCache"/> when it has them.
    /// </summary>
    public async Task<ApiKeyOwner?> AuthenticateAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormed(key))
        {
            return null;
        }
        var hash = Hash(key);
        if (cache.TryGet(hash, out var cached))
        {
            return cached;
        }
        var generation = cache.Generation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new
            {
                k.Id,
                k.UserId,
                k.OrganizationId,
                k.LastUsedAt,
                User = db.Users.Where(u => u.Id == k.UserId).Select(u => new { u.Email, u.OrganizationId, u.LockoutEnd }).FirstOrDefault(),
                Organization = db.Organizations.Where(o => o.Id == k.OrganizationId).Select(o => new { o.Code, o.SuspendedAt }).FirstOrDefault(),
                Role = db.UserRoles.Where(ur => ur.UserId == k.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        // A suspended organization's keys are refused like unknown ones (and such answers are never cached).
        if (row?.User is null || row.Organization is null || row.Organization.SuspendedAt is not null || row.User.OrganizationId != row.OrganizationId
            || StaffLockout.IsLockedByAdmin(row.User.LockoutEnd)
            || !Enum.TryParse<StaffRole>(row.Role, out var role))
        {
            return null;
        }

        // Written on a cache miss only, so at most once per cache lifetime and never more than once a minute.
        var now = Now;
        if (row.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        var owner = new ApiKeyOwner(row.Id, new Actor(row.UserId, row.User.Email ?? row.UserId, row.OrganizationId, row.Organization.Code, role));
        cache.Add(hash, owner, generation);
        return owner;
    }

    public async Task<Result<IReadOnlyList<ApiKeyView>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<IReadOnlyList<ApiKeyView>>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // At most MaxKeysPerOrganization rows: the cap keeps this list one small page.
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.OrganizationId == actor.OrganizationId)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Take(MaxKeysPerOrganization * 2)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.UserEmail, k.Prefix, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<ApiKeyView>>.Ok(keys);
    }

    /// <summary>An Admin creates a key in their own name; the answer holds the key, shown once.</summary>
    public async Task<Result<NewApiKey>> CreateAsync(Actor actor, string? name, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<NewApiKey>.Forbidden(AdminsOnly);
        }
        name = name?.Trim() ?? "";
        if (name.Length == 0)
        {
            return Result<NewApiKey>.Invalid("name", "Give the key a name, e.g. the system that will use it.");
        }
        if (name.Length > MaxNameLength)
        {
            return Result<NewApiKey>.Invalid("name", $"At most {MaxNameLength} characters.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AddKeyAsync(db, actor.OrganizationId, actor.UserId, actor.Name, name, cancellationToken);
    }

    public async Task<Result<bool>> RevokeAsync(Actor actor, long keyId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.ApiKeys.Where(k => k.Id == keyId && k.OrganizationId == actor.OrganizationId).ExecuteDeleteAsync(cancellationToken);
        cache.Clear();
        return deleted == 0 ? Result<bool>.NotFound() : Result<bool>.Ok(true);
    }

    public static bool IsWellFormed(string? key) => key is { Length: KeyLength } && key.All(char.IsAsciiHexDigitLower);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyLength / 2));

    private async Task<Result<NewApiKey>> AddKeyAsync(AdminPortalDbContext db, int organizationId, string userId, string email, string name, CancellationToken cancellationToken)
    {
        if (await db.ApiKeys.CountAsync(k => k.OrganizationId == organizationId, cancellationToken) >= MaxKeysPerOrganization)
        {
            return Result<NewApiKey>.Invalid("non_field_errors", TooManyKeys);
        }
        var key = NewKey();
        var entity = new ApiKey
        {
            OrganizationId = organizationId,
            UserId = userId,
            UserEmail = email,
            KeyHash = Hash(key),
            Prefix = key[..PrefixLength],
            Name = name,
            CreatedAt = Now,
        };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        // Two logins racing past the count: the later one gives its key back, so the cap holds.
        var newer = await db.ApiKeys.CountAsync(k => k.OrganizationId == organizationId && k.Id <= entity.Id, cancellationToken);
        if (newer > MaxKeysPerOrganization)
        {
            await db.ApiKeys.Where(k => k.Id == entity.Id).ExecuteDeleteAsync(cancellationToken);
            return Result<NewApiKey>.Invalid("non_field_errors", TooManyKeys);
        }
        return Result<NewApiKey>.Ok(new NewApiKey(
            new ApiKeyView(entity.Id, entity.Name, entity.UserEmail, entity.Prefix, entity.CreatedAt, null), key));
    }

    private static void Require(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "This field is required.");
        }
    }
}
