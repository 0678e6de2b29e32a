using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Webhooks;

/// <summary>
/// Writes events into the outbox, staged on the caller's context so they commit with the change that caused them. Only
/// when the organization has an enabled endpoint subscribed to the event: which ones do is cached per organization, dropped
/// on every endpoint change here, and re-read at least every <see cref="CacheFor"/> (for changes made on another server).
/// </summary>
public sealed class WebhookOutbox(IDbContextFactory<AdminPortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, (HashSet<string> Types, DateTime ReadAt)> subscriptions = new();

    /// <summary>Raised after an event is staged, so the dispatcher looks soon (it also polls).</summary>
    public event Action? Written;

    /// <summary>Whether any enabled endpoint of the organization takes this event. Cheap: a dictionary look-up but once in 30 s.</summary>
    public async ValueTask<bool> WantsAsync(int organizationId, string type, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (subscriptions.TryGetValue(organizationId, out var cached) && now - cached.ReadAt < CacheFor)
        {
            return cached.Types.Contains(type);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && e.Enabled)
            .Select(e => e.Events)
            .ToListAsync(cancellationToken);
        var types = lists.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        subscriptions[organizationId] = (types, now);
        return types.Contains(type);
    }

    /// <summary>Forgets the organization's subscriptions: its endpoints changed.</summary>
    public void Invalidate(int organizationId) => subscriptions.TryRemove(organizationId, out _);

    /// <summary>Stages the event on <paramref name="db"/>; the caller's SaveChanges (in its transaction) commits it.</summary>
    public WebhookMessage Stage(AdminPortalDbContext db, int organizationId, string type, object data, DateTime at)
    {
        var message = New(organizationId, type, data, at);
        db.WebhookMessages.Add(message);
        Written?.Invoke();
        return message;
    }

    /// <summary>Stages the event when someone wants it (see <see cref="WantsAsync"/>).</summary>
    public async Task StageIfWantedAsync(AdminPortalDbContext db, int organizationId, string type, object data, DateTime at,
        CancellationToken cancellationToken = default)
    {
        if (await WantsAsync(organizationId, type, cancellationToken))
        {
            Stage(db, organizationId, type, data, at);
        }
    }

    public static WebhookMessage New(int organizationId, string type, object data, DateTime at) => new()
    {
        PublicId = "msg_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18)),
        OrganizationId = organizationId,
        Type = type,
        Body = JsonSerializer.Serialize(new { type, timestamp = ApiJson.FormatTime(at), data }, ApiJson.Options),
        CreatedAt = at,
    };
}
