using Microsoft.AspNetCore.DataProtection;

namespace AdminPortal.Web.Webhooks;

/// <summary>Endpoint signing secrets at rest: protected with Data Protection, like the videos' HLS keys.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("AdminPortal.Webhooks.Secret.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>The secrets that sign a delivery now: the current one, and the previous one during its 24 hours of grace.</summary>
    public IReadOnlyList<string> Signing(WebhookEndpoint endpoint, DateTime now) =>
        endpoint.ProtectedPreviousSecret is { } previous && endpoint.PreviousSecretUntil > now
            ? [Unprotect(endpoint.ProtectedSecret), Unprotect(previous)]
            : [Unprotect(endpoint.ProtectedSecret)];
}
