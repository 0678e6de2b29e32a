using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AdminPortal.Web.Mail;

/// <summary>Sends plain-text mail over SMTP with MailKit, one connection per message (staff mail is rare).</summary>
public sealed class MailSender(IOptionsMonitor<MailOptions> options, ILogger<MailSender> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public bool IsConfigured => options.CurrentValue.IsConfigured;

    /// <summary>True when the server took the message; false (logged) when mail is not set up or sending failed.</summary>
    public async Task<bool> SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
        {
            return false;
        }
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            await client.ConnectAsync(settings.Host!, settings.Port, settings.Tls, timeout.Token);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", timeout.Token);
            }
            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not send mail to {Recipient} through {Host}:{Port}.", to, settings.Host, settings.Port);
            return false;
        }
    }
}
