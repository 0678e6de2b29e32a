using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Staff;

/// <summary>Per-user settings that follow staff from browser to browser.</summary>
public sealed class UserPreferences(IDbContextFactory<AdminPortalDbContext> dbFactory)
{
    public async Task<bool> GetDarkModeAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).SingleOrDefaultAsync();
    }

    public async Task SetDarkModeAsync(string userId, bool dark)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrefersDarkMode, dark));
    }

    /// <summary>The name colleagues see; empty clears it (the e-mail stands in).</summary>
    public async Task<Result<string?>> SetDisplayNameAsync(string userId, string? name)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (name is { Length: > StaffRules.MaxNameLength })
        {
            return Result<string?>.Invalid("name", $"At most {StaffRules.MaxNameLength} characters.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name));
        return Result<string?>.Ok(name);
    }
}
