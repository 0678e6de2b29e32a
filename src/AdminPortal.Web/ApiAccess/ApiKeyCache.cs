using System.Collections.Concurrent;
using AdminPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Web.ApiAccess;

/// <summary>
/// Valid keys' owners, so an API call does not look its key up again. An entry lives at most <see cref="Lifetime"/>
/// (the bound on how stale another instance can be), and every logout, revoke or staff change in this instance
/// drops them all at once: a generation number, read before the lookup, keeps a lookup that raced the change out.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>Keys per organization are capped, so this is only a guard against a flood of instances' worth.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string keyHash, out ApiKeyOwner? owner)
    {
        owner = null;
        if (!entries.TryGetValue(keyHash, out var entry))
        {
            return false;
        }
        if (entry.Generation != Generation || clock.GetUtcNow() >= entry.Until)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(keyHash, entry));
            return false;
        }
        owner = entry.Owner;
        return true;
    }

    /// <summary>Keeps a lookup's answer, unless something changed since <paramref name="lookupGeneration"/> was read.</summary>
    public void Add(string keyHash, ApiKeyOwner owner, long lookupGeneration)
    {
        if (lookupGeneration != Generation)
        {
            return;
        }
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
        entries[keyHash] = new Entry(owner, lookupGeneration, clock.GetUtcNow() + Lifetime);
    }

    /// <summary>Forgets every key: called after a key is deleted or any staff member's account changes.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(ApiKeyOwner Owner, long Generation, DateTimeOffset Until);
}

/// <summary>
/// Drops the key cache after any saved change to a staff member or their role (lock, unlock, role change, removal),
/// whoever makes it: the Staff page, Identity's own lockout bookkeeping, or a test. It drops it again once the change
/// is committed, so a lookup that read the old row meanwhile is not kept.
/// </summary>
public sealed class StaffChangeInterceptor(ApiKeyCache cache) : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<DbContext, bool> saving = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    private void Before(DbContext? context)
    {
        var touchesStaff = context?.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is ApplicationUser or IdentityUserRole<string>) == true;
        if (touchesStaff)
        {
            saving[context!] = true;
            cache.Clear();
        }
    }

    private void After(DbContext? context)
    {
        if (context is not null && saving.TryRemove(context, out _))
        {
            cache.Clear();
        }
    }
}
