using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AdminPortal.Web.Videos;

/// <summary>The per-video AES-128 keys: random, and stored only protected with Data Protection.</summary>
public sealed class VideoKeys(IDataProtectionProvider provider)
{
    public const int KeyBytes = 16;

    private readonly IDataProtector protector = provider.CreateProtector("AdminPortal.Videos.HlsKey.v1");

    public (byte[] Key, string Protected) New()
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        return (key, Convert.ToBase64String(protector.Protect(key)));
    }

    public byte[] Unprotect(string protectedKey) => protector.Unprotect(Convert.FromBase64String(protectedKey));
}
