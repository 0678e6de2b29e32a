namespace AdminPortal.Web.Staff;

public enum StaffLinkPurpose
{
    Invitation,
    PasswordReset,
}

/// <summary>A one-time link sent to a staff member: an invitation or a password reset. Only the code's hash is stored.</summary>
public sealed class StaffLink
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public StaffLinkPurpose Purpose { get; set; }
    public required string CodeHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
