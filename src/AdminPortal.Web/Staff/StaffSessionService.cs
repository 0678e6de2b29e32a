using System.Security.Claims;
using System.Security.Cryptography;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AdminPortal.Web.Staff;

/// <summary>A sign-in as "My account" lists it.</summary>
public sealed record SessionView(DateTime SignedInAt, string? IpAddress, string Browser, bool IsCurrent, bool IsOpen);

/// <summary>
/// Server-side record of browser sign-ins. The auth cookie carries the session id; every request checks the
/// session is still open (cached briefly, and the cache is updated at once when this server ends a session).
/// </summary>
public sealed class StaffSessionService(IDbContextFactory<AdminPortalDbContext> dbFactory, IMemoryCache cache, TimeProvider clock)
{
    public const string ClaimType = "sid";

    /// <summary>How long another server may still accept a session this one ended.</summary>
    public static readonly TimeSpan CheckCacheFor = TimeSpan.FromSeconds(30);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<string> StartAsync(string userId, string? ipAddress, string? userAgent)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now;
        db.StaffSessions.Add(new StaffSession
        {
            Id = id,
            UserId = userId,
            CreatedAt = now,
            IpAddress = ipAddress is { Length: > 64 } ? ipAddress[..64] : ipAddress,
            UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
        });
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, now));
        // Keep the history short: ended sessions beyond the newest few go.
        var old = await db.StaffSessions.Where(s => s.UserId == userId).OrderByDescending(s => s.CreatedAt)
            .Skip(StaffRules.SignInHistory).Select(s => s.Id).ToListAsync();
        if (old.Count > 0)
        {
            await db.StaffSessions.Where(s => old.Contains(s.Id) && s.EndedAt != null).ExecuteDeleteAsync();
        }
        Remember(id, userId, open: true);
        return id;
    }

    public async Task<bool> IsOpenAsync(string sessionId, string userId)
    {
        if (cache.TryGetValue(Key(sessionId), out (string UserId, bool Open) known))
        {
            return known.Open && known.UserId == userId;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        // A suspended organization's sessions are closed too: the flag rides along in the same lookup.
        var row = await db.StaffSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.UserId, s.EndedAt, Suspended = db.Users.Any(u => u.Id == s.UserId && u.Organization!.SuspendedAt != null) })
            .SingleOrDefaultAsync();
        var open = row is { EndedAt: null, Suspended: false };
        cache.Set(Key(sessionId), (row?.UserId ?? "", open), CheckCacheFor);
        return open && row!.UserId == userId;
    }

    public async Task EndAsync(string sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now;
        await db.StaffSessions.Where(s => s.Id == sessionId && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now));
        Remember(sessionId, "", open: false);
    }

    /// <summary>Ends every open session of a member, except <paramref name="keep"/> when given. Returns how many ended.</summary>
    public async Task<int> EndAllAsync(string userId, string? keep = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ids = await db.StaffSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep).Select(s => s.Id).ToListAsync();
        var now = Now;
        await db.StaffSessions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now));
        foreach (var id in ids)
        {
            Remember(id, userId, open: false);
        }
        return ids.Count;
    }

    public async Task<bool> IsOrganizationSuspendedAsync(int organizationId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Organizations.AnyAsync(o => o.Id == organizationId && o.SuspendedAt != null);
    }

    /// <summary>Ends every open session of an organization's staff (it was suspended).</summary>
    public async Task EndAllInOrganizationAsync(int organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.StaffSessions
            .Where(s => s.EndedAt == null && db.Users.Any(u => u.Id == s.UserId && u.OrganizationId == organizationId))
            .Select(s => new { s.Id, s.UserId }).ToListAsync(cancellationToken);
        var ids = open.Select(s => s.Id).ToList();
        var now = Now;
        await db.StaffSessions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        foreach (var session in open)
        {
            Remember(session.Id, session.UserId, open: false);
        }
    }

    public async Task<IReadOnlyList<SessionView>> RecentAsync(string userId, string? currentSessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.StaffSessions.AsNoTracking().Where(s => s.UserId == userId)
            .OrderByDescending(s => s.CreatedAt).Take(StaffRules.SignInHistory).ToListAsync();
        return rows.Select(s => new SessionView(s.CreatedAt, s.IpAddress, BrowserName.Of(s.UserAgent), s.Id == currentSessionId, s.EndedAt is null)).ToList();
    }

    /// <summary>The auth cookie's check on every request: its session must be open, then Identity's security stamp applies.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessionService>();
        var sessionId = context.Principal?.FindFirstValue(ClaimType);
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (sessionId is null || userId is null || !await sessions.IsOpenAsync(sessionId, userId))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>The security-stamp check rebuilds the principal every minute; the session id and sign-in method carry over.</summary>
    public static Task KeepSessionClaimsAsync(SecurityStampRefreshingPrincipalContext context)
    {
        var identity = context.NewPrincipal?.Identities.FirstOrDefault();
        if (identity is not null && context.CurrentPrincipal is { } current)
        {
            foreach (var type in new[] { ClaimType, "amr", ClaimTypes.AuthenticationMethod })
            {
                if (current.FindFirst(type) is { } claim && identity.FindFirst(type) is null)
                {
                    identity.AddClaim(new Claim(type, claim.Value));
                }
            }
        }
        return Task.CompletedTask;
    }

    private void Remember(string sessionId, string userId, bool open) => cache.Set(Key(sessionId), (userId, open), CheckCacheFor);

    private static string Key(string sessionId) => "staff-session:" + sessionId;
}

/// <summary>"Firefox on Windows" from a user-agent string; enough for staff to recognise their own browsers.</summary>
public static class BrowserName
{
    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown browser";
        }
        var browser = Has("Edg/") ? "Edge" : Has("OPR/") ? "Opera" : Has("Firefox/") ? "Firefox"
            : Has("Chrome/") || Has("Chromium/") ? "Chrome" : Has("Safari/") ? "Safari" : Has("curl/") ? "curl" : "Unknown browser";
        var system = Has("Windows") ? "Windows" : Has("Android") ? "Android" : Has("iPhone") || Has("iPad") ? "iOS"
            : Has("Mac OS X") ? "macOS" : Has("Linux") ? "Linux" : null;
        return system is null ? browser : $"{browser} on {system}";

        bool Has(string part) => userAgent.Contains(part, StringComparison.Ordinal);
    }
}
