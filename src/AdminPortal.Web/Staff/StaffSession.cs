namespace AdminPortal.Web.Staff;

/// <summary>
/// One browser sign-in. Its id travels in the auth cookie; the cookie is good only while this row says the
/// session is open, so signing out, "sign out everywhere else" and an Admin's "end sessions" take effect on the server.
/// </summary>
public sealed class StaffSession
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTime? EndedAt { get; set; }
}
