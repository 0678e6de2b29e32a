using System.Security.Cryptography;
using System.Text;
using AdminPortal.Web.Data;
using AdminPortal.Web.Mail;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Staff;

public enum LinkState
{
    Valid,
    Expired,
    Used,

    /// <summary>Never issued, cancelled, or replaced by a newer link: the page says the same for all three.</summary>
    Unknown,
}

/// <summary>A link just issued: its URL (shown once) and whether it was also e-mailed.</summary>
public sealed record IssuedLink(string Url, DateTime ExpiresAt, bool Mailed, bool MailConfigured);

/// <summary>
/// One-time links for invitations and password resets: a random code in the URL, only its hash stored, one live
/// link per member and purpose (issuing a new one kills the old), spent by a conditional update so it works once.
/// </summary>
public sealed class StaffLinkService(IDbContextFactory<AdminPortalDbContext> dbFactory, MailSender mail, TimeProvider clock)
{
    public const string InvitationPath = "/Account/Invitation";
    public const string ResetPath = "/Account/ResetPassword";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IssuedLink> IssueAsync(string userId, string email, StaffLinkPurpose purpose, string baseUrl, string organizationName,
        CancellationToken cancellationToken = default)
    {
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = Now;
        var expires = now + Lifetime(purpose);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.StaffLinks.Where(l => l.UserId == userId && l.Purpose == purpose).ExecuteDeleteAsync(cancellationToken);
            db.StaffLinks.Add(new StaffLink { UserId = userId, Purpose = purpose, CodeHash = Hash(code), CreatedAt = now, ExpiresAt = expires });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var url = $"{baseUrl.TrimEnd('/')}{(purpose == StaffLinkPurpose.Invitation ? InvitationPath : ResetPath)}?code={code}";
        var mailed = await mail.SendAsync(email, Subject(purpose, organizationName), Body(purpose, organizationName, url, expires), cancellationToken);
        return new IssuedLink(url, expires, mailed, mail.IsConfigured);
    }

    /// <summary>What a link is worth now, and whose it is when valid.</summary>
    public async Task<(LinkState State, string? UserId)> CheckAsync(string? code, StaffLinkPurpose purpose, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100)
        {
            return (LinkState.Unknown, null);
        }
        var hash = Hash(code);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.StaffLinks.AsNoTracking().SingleOrDefaultAsync(l => l.CodeHash == hash && l.Purpose == purpose, cancellationToken);
        return link switch
        {
            null => (LinkState.Unknown, null),
            { UsedAt: not null } => (LinkState.Used, null),
            _ when link.ExpiresAt <= Now => (LinkState.Expired, null),
            _ => (LinkState.Valid, link.UserId),
        };
    }

    /// <summary>Spends a link; of two concurrent uses exactly one gets true.</summary>
    public async Task<bool> SpendAsync(string code, StaffLinkPurpose purpose, CancellationToken cancellationToken = default)
    {
        var hash = Hash(code);
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StaffLinks
            .Where(l => l.CodeHash == hash && l.Purpose == purpose && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.UsedAt, now), cancellationToken) == 1;
    }

    public static TimeSpan Lifetime(StaffLinkPurpose purpose) =>
        purpose == StaffLinkPurpose.Invitation ? StaffRules.InvitationLifetime : StaffRules.PasswordResetLifetime;

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static string Subject(StaffLinkPurpose purpose, string organization) => purpose == StaffLinkPurpose.Invitation
        ? $"You are invited to {organization} on AdminPortal"
        : $"Reset your AdminPortal password for {organization}";

    private static string Body(StaffLinkPurpose purpose, string organization, string url, DateTime expires) => purpose == StaffLinkPurpose.Invitation
        ? $"""
          An Admin of {organization} invited you to AdminPortal.

          Open this link to choose your password and sign in:
          {url}

          The link works once and until {Common.Formats.Exact(expires)}. If you did not expect this, ignore this message.
          """
        : $"""
          An Admin of {organization} asked AdminPortal for a new password for you.

          Open this link to choose one:
          {url}

          The link works once and until {Common.Formats.Exact(expires)}. Your current password keeps working until you choose a new one.
          """;
}
