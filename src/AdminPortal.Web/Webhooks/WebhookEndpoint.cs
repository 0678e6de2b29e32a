namespace AdminPortal.Web.Webhooks;

/// <summary>Where an organization wants its events sent, and which ones. Its signing secret is stored only protected.</summary>
public sealed class WebhookEndpoint
{
    public long Id { get; set; }

    /// <summary>Opaque id named in URLs (<c>ep_…</c>), so endpoints of other organizations cannot be counted or guessed.</summary>
    public required string PublicId { get; set; }
    public int OrganizationId { get; set; }
    public required string Url { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Event types, space-separated (<see cref="WebhookEvents"/>).</summary>
    public string Events { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>The current secret (<c>whsec_…</c>), protected with Data Protection.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret before the last rotation; it keeps signing beside the new one until <see cref="PreviousSecretUntil"/>.</summary>
    public string? ProtectedPreviousSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }

    /// <summary>First failed delivery since the last success; a day of failures disables the endpoint.</summary>
    public DateTime? FailingSince { get; set; }

    /// <summary>Why the portal disabled it (shown to Admins); null when enabled or disabled by hand.</summary>
    public string? DisabledReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// One event in the outbox, written in the same transaction as the change that caused it. Its body is fixed when written,
/// so every attempt (and a resend) signs the same bytes under the same <c>webhook-id</c>.
/// </summary>
public sealed class WebhookMessage
{
    public long Id { get; set; }

    /// <summary>The <c>webhook-id</c> receivers de-duplicate by (<c>msg_…</c>).</summary>
    public required string PublicId { get; set; }
    public int OrganizationId { get; set; }
    public required string Type { get; set; }

    /// <summary>The JSON body: <c>{"type", "timestamp", "data"}</c>.</summary>
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Whether a delivery per subscribed endpoint has been queued for it.</summary>
    public bool FannedOut { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Succeeded,

    /// <summary>Every attempt over about a day failed.</summary>
    Failed,
}

/// <summary>One message to one endpoint, with its retries: the delivery log's row.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public WebhookMessage? Message { get; set; }
    public long EndpointId { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (pending only); also the claim a sender takes, so two servers never both send.</summary>
    public DateTime NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }

    /// <summary>The start of the receiver's answer, or why there was none.</summary>
    public string? LastResponse { get; set; }
}
