using System.Security.Cryptography;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Webhooks;

/// <summary>What a caller may change on an endpoint; missing fields stay as they are (or take defaults on create).</summary>
public sealed record WebhookChanges
{
    public Optional<string?> Url { get; init; }
    public Optional<IReadOnlyList<string>?> Events { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<bool> Enabled { get; init; }
}

/// <summary>An endpoint as the UI and the API see it; never its secret.</summary>
public sealed record WebhookEndpointView(string Id, string Url, IReadOnlyList<string> Events, string Description, bool Enabled,
    string? DisabledReason, DateTime? FailingSince, DateTime? PreviousSecretUntil, DateTime CreatedAt, DateTime ModifiedAt);

/// <summary>A new endpoint and its secret, shown this once.</summary>
public sealed record WebhookWithSecret(WebhookEndpointView Endpoint, string Secret);

/// <summary>One row of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryView(long Id, string MessageId, string Type, DateTime CreatedAt, DeliveryStatus Status, int Attempts,
    DateTime? LastAttemptAt, int? StatusCode, int? DurationMs, string? Response, DateTime? NextAttemptAt);

/// <summary>The endpoint rules, in one place for the API and the UI.</summary>
public static class WebhookRules
{
    public const int MaxEndpoints = 20;
    public const int MaxDescriptionLength = 500;
    public const string EventsField = "events";
    public const string DescriptionField = "description";
    public const string EnabledField = "enabled";

    /// <summary>The rotated-out secret keeps signing beside the new one this long.</summary>
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);

    public static List<string>? ValidateEvents(IReadOnlyList<string>? events, ValidationErrors errors)
    {
        if (events is null || events.Count == 0)
        {
            errors.Add(EventsField, $"Choose at least one event: {string.Join(", ", WebhookEvents.All)}.");
            return null;
        }
        var result = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            if (!WebhookEvents.All.Contains(events[i]))
            {
                errors.Add($"{EventsField}[{i}]", $"Unknown event \"{events[i]}\". Known: {string.Join(", ", WebhookEvents.All)}.");
            }
            else if (!result.Contains(events[i]))
            {
                result.Add(events[i]);
            }
        }
        return errors.IsEmpty ? result : null;
    }
}

/// <summary>
/// An organization's webhook endpoints, their secrets and delivery logs. Admins only; scoped to the actor's organization,
/// so another organization's endpoint is simply not found. Every change is audited in its own transaction.
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    WebhookAddressRules addressRules,
    WebhookSecrets secrets,
    WebhookOutbox outbox,
    WebhookDispatcher dispatcher,
    IAuditLog audit,
    TimeProvider clock)
{
    private const string AdminsOnly = "Only Admins can manage webhooks.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<IReadOnlyList<WebhookEndpointView>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<IReadOnlyList<WebhookEndpointView>>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.OrganizationId == actor.OrganizationId)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<WebhookEndpointView>>.Ok(endpoints.Select(ToView).ToList());
    }

    public async Task<Result<WebhookEndpointView>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<WebhookEndpointView>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: false, cancellationToken);
        return endpoint is null ? Result<WebhookEndpointView>.NotFound() : Result<WebhookEndpointView>.Ok(ToView(endpoint));
    }

    public async Task<Result<WebhookWithSecret>> CreateAsync(Actor actor, WebhookChanges changes, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<WebhookWithSecret>.Forbidden(AdminsOnly);
        }
        var errors = new ValidationErrors();
        if (!changes.Url.HasValue)
        {
            errors.Add(WebhookAddressRules.UrlField, "Required: the https:// URL that receives the events.");
        }
        if (!changes.Events.HasValue)
        {
            errors.Add(WebhookRules.EventsField, $"Required: a list of events, e.g. [\"{WebhookEvents.PlaybackStarted}\"].");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.WebhookEndpoints.CountAsync(e => e.OrganizationId == actor.OrganizationId, cancellationToken) >= WebhookRules.MaxEndpoints)
        {
            errors.Add("non_field_errors", $"An organization can have at most {WebhookRules.MaxEndpoints} webhook endpoints. Delete one first.");
        }
        var now = Now;
        var secret = WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            PublicId = "ep_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
            OrganizationId = actor.OrganizationId,
            Url = "",
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = now,
            ModifiedAt = now,
        };
        await ApplyAsync(endpoint, changes, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Result<WebhookWithSecret>.Invalid(errors);
        }
        db.WebhookEndpoints.Add(endpoint);
        await audit.StageAsync(db, actor, AuditActions.WebhookCreated, "webhook", endpoint.PublicId, Describe(endpoint), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Invalidate(actor.OrganizationId);
        return Result<WebhookWithSecret>.Ok(new WebhookWithSecret(ToView(endpoint), secret));
    }

    public async Task<Result<WebhookEndpointView>> UpdateAsync(Actor actor, string id, WebhookChanges changes, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<WebhookEndpointView>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: true, cancellationToken);
        if (endpoint is null)
        {
            return Result<WebhookEndpointView>.NotFound();
        }
        var before = Describe(endpoint);
        var errors = new ValidationErrors();
        await ApplyAsync(endpoint, changes, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Result<WebhookEndpointView>.Invalid(errors);
        }
        endpoint.ModifiedAt = Now;
        await audit.StageAsync(db, actor, AuditActions.WebhookUpdated, "webhook", endpoint.PublicId, $"{before} → {Describe(endpoint)}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Invalidate(actor.OrganizationId);
        dispatcher.Wake();
        return Result<WebhookEndpointView>.Ok(ToView(endpoint));
    }

    public async Task<Result<bool>> DeleteAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: true, cancellationToken);
        if (endpoint is null)
        {
            return Result<bool>.NotFound();
        }
        db.WebhookEndpoints.Remove(endpoint);
        await audit.StageAsync(db, actor, AuditActions.WebhookDeleted, "webhook", endpoint.PublicId, Describe(endpoint), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Invalidate(actor.OrganizationId);
        return Result<bool>.Ok(true);
    }

    /// <summary>A new secret, shown once; the old one keeps signing beside it for <see cref="WebhookRules.RotationGrace"/>.</summary>
    public async Task<Result<string>> RotateSecretAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<string>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: true, cancellationToken);
        if (endpoint is null)
        {
            return Result<string>.NotFound();
        }
        var now = Now;
        var secret = WebhookSignature.NewSecret();
        endpoint.ProtectedPreviousSecret = endpoint.ProtectedSecret;
        endpoint.PreviousSecretUntil = now + WebhookRules.RotationGrace;
        endpoint.ProtectedSecret = secrets.Protect(secret);
        endpoint.ModifiedAt = now;
        await audit.StageAsync(db, actor, AuditActions.WebhookSecretRotated, "webhook", endpoint.PublicId,
            $"old secret signs until {Formats.Exact(endpoint.PreviousSecretUntil.Value)}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<string>.Ok(secret);
    }

    /// <summary>A page of the endpoint's deliveries, newest first.</summary>
    public async Task<Result<Page<WebhookDeliveryView>>> DeliveriesAsync(Actor actor, string id, int offset = 0, int limit = 20,
        CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<Page<WebhookDeliveryView>>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: false, cancellationToken);
        if (endpoint is null)
        {
            return Result<Page<WebhookDeliveryView>>.NotFound();
        }
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id);
        var total = await deliveries.CountAsync(cancellationToken);
        var page = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Window(offset, limit)
            .Select(d => new WebhookDeliveryView(d.Id, d.Message!.PublicId, d.Message.Type, d.CreatedAt, d.Status, d.Attempts, d.LastAttemptAt,
                d.LastStatusCode, d.LastDurationMs, d.LastResponse, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null))
            .ToListAsync(cancellationToken);
        return Result<Page<WebhookDeliveryView>>.Ok(new Page<WebhookDeliveryView>(page, total));
    }

    /// <summary>Sends a logged delivery's message again, now, as a new delivery with the same <c>webhook-id</c>.</summary>
    public async Task<Result<bool>> ResendAsync(Actor actor, string id, long deliveryId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: false, cancellationToken);
        var messageId = endpoint is null ? null
            : await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.EndpointId == endpoint.Id).Select(d => (long?)d.MessageId).SingleOrDefaultAsync(cancellationToken);
        if (endpoint is null || messageId is null)
        {
            return Result<bool>.NotFound();
        }
        var now = Now;
        db.WebhookDeliveries.Add(new WebhookDelivery { MessageId = messageId.Value, EndpointId = endpoint.Id, CreatedAt = now, NextAttemptAt = now });
        await db.SaveChangesAsync(cancellationToken);
        dispatcher.Wake();
        return Result<bool>.Ok(true);
    }

    /// <summary>Queues a <c>webhook.test</c> event for this endpoint alone.</summary>
    public async Task<Result<bool>> SendTestAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, actor, id, tracking: false, cancellationToken);
        if (endpoint is null)
        {
            return Result<bool>.NotFound();
        }
        var now = Now;
        var message = WebhookOutbox.New(actor.OrganizationId, WebhookEvents.Test, new { endpoint_id = endpoint.PublicId, sent_by = actor.Name }, now);
        message.FannedOut = true;
        db.WebhookMessages.Add(message);
        db.WebhookDeliveries.Add(new WebhookDelivery { Message = message, EndpointId = endpoint.Id, CreatedAt = now, NextAttemptAt = now });
        await db.SaveChangesAsync(cancellationToken);
        dispatcher.Wake();
        return Result<bool>.Ok(true);
    }

    /// <summary>Validates every change first (the URL's address too), then applies them, so an invalid request changes nothing.</summary>
    private async Task ApplyAsync(WebhookEndpoint endpoint, WebhookChanges changes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        Uri? url = null;
        if (changes.Url.HasValue)
        {
            url = await addressRules.CheckAsync(changes.Url.Value, errors, cancellationToken);
        }
        List<string>? events = null;
        if (changes.Events.HasValue)
        {
            events = WebhookRules.ValidateEvents(changes.Events.Value, errors);
        }
        var description = changes.Description.HasValue ? (changes.Description.Value ?? "").Trim() : null;
        if (description?.Length > WebhookRules.MaxDescriptionLength)
        {
            errors.Add(WebhookRules.DescriptionField, $"At most {WebhookRules.MaxDescriptionLength} characters.");
        }
        if (!errors.IsEmpty)
        {
            return;
        }
        if (url is not null)
        {
            endpoint.Url = url.AbsoluteUri;
        }
        if (events is not null)
        {
            endpoint.Events = string.Join(' ', events);
        }
        if (description is not null)
        {
            endpoint.Description = description;
        }
        if (changes.Enabled.HasValue && changes.Enabled.Value != endpoint.Enabled)
        {
            endpoint.Enabled = changes.Enabled.Value;
            // Enabled again by hand: a fresh start, and pending deliveries go out.
            endpoint.DisabledReason = null;
            endpoint.FailingSince = null;
        }
    }

    private static string Describe(WebhookEndpoint e) =>
        $"{e.Url}; events: {string.Join(", ", e.EventList)}; {(e.Enabled ? "enabled" : "disabled")}"
        + (e.Description.Length > 0 ? $"; \"{e.Description}\"" : "");

    private static WebhookEndpointView ToView(WebhookEndpoint e) =>
        new(e.PublicId, e.Url, e.EventList, e.Description, e.Enabled, e.DisabledReason, e.FailingSince, e.PreviousSecretUntil, e.CreatedAt, e.ModifiedAt);

    private static async Task<WebhookEndpoint?> FindAsync(AdminPortalDbContext db, Actor actor, string id, bool tracking, CancellationToken cancellationToken)
    {
        if (id.Length > 32)
        {
            return null;
        }
        var endpoints = tracking ? db.WebhookEndpoints : db.WebhookEndpoints.AsNoTracking();
        return await endpoints.SingleOrDefaultAsync(e => e.PublicId == id && e.OrganizationId == actor.OrganizationId, cancellationToken);
    }
}
