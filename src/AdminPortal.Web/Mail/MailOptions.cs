using MailKit.Security;

namespace AdminPortal.Web.Mail;

/// <summary>SMTP settings. Mail is optional: without a host, links are shown to the Admin to pass on by hand.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>AdminPortal &lt;portal@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.Auto;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
