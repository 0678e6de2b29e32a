namespace AdminPortal.Web.Audit;

public enum AuditActorKind
{
    Staff,
    ApiKey,

    /// <summary>A platform operator acting on an organization.</summary>
    Operator,

    /// <summary>The portal itself (e.g. an endpoint disabled after a day of failures).</summary>
    System,
}

/// <summary>One staff action, as the audit log keeps it: never changed by the app, removed only by the retention clean-up.</summary>
public sealed class AuditEntry
{
    public const int MaxSummaryLength = 2000;

    public long Id { get; set; }

    /// <summary>The organization the action concerns; null for actions outside any (e.g. a failed sign-in with an unknown e-mail).</summary>
    public int? OrganizationId { get; set; }
    public DateTime At { get; set; }
    public AuditActorKind ActorKind { get; set; }

    /// <summary>The staff member's user id, or the API key's id.</summary>
    public string? ActorId { get; set; }

    /// <summary>Who, in words: the staff member's e-mail, or "API key 12 (owner@example.com)".</summary>
    public required string ActorName { get; set; }
    public string? IpAddress { get; set; }

    /// <summary>What happened, e.g. <c>token.revoked</c> (<see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, e.g. <c>token</c> and its code.</summary>
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>A short before/after summary of a change, or details of the action.</summary>
    public string? Summary { get; set; }
}

/// <summary>The audit log's action names, in one place for the writers and the page's filter.</summary>
public static class AuditActions
{
    public const string SignIn = "staff.signed_in";
    public const string SignInFailed = "staff.sign_in_failed";
    public const string TokenCreated = "token.created";
    public const string TokenUpdated = "token.updated";
    public const string TokenRevoked = "token.revoked";
    public const string TokensRevoked = "tokens.revoked";
    public const string TokensCreated = "tokens.created";
    public const string VideoUploaded = "video.uploaded";
    public const string VideoRenamed = "video.renamed";
    public const string VideoDeleted = "video.deleted";
    public const string SettingsChanged = "settings.changed";
    public const string StaffInvited = "staff.invited";
    public const string StaffRoleChanged = "staff.role_changed";
    public const string StaffRemoved = "staff.removed";
    public const string StaffLocked = "staff.locked";
    public const string StaffUnlocked = "staff.unlocked";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookSecretRotated = "webhook.secret_rotated";
    public const string WebhookDisabled = "webhook.disabled";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationRenamed = "organization.renamed";
    public const string OrganizationSuspended = "organization.suspended";
    public const string OrganizationReactivated = "organization.reactivated";

    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, TokenCreated, TokenUpdated, TokenRevoked, TokensRevoked, TokensCreated, VideoUploaded, VideoRenamed, VideoDeleted,
        SettingsChanged, StaffInvited, StaffRoleChanged, StaffRemoved, StaffLocked, StaffUnlocked, ApiKeyCreated, ApiKeyRevoked,
        WebhookCreated, WebhookUpdated, WebhookDeleted, WebhookSecretRotated, WebhookDisabled,
        OrganizationCreated, OrganizationRenamed, OrganizationSuspended, OrganizationReactivated,
    ];
}
