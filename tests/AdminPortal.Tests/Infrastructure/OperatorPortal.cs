using AdminPortal.Web.Operators;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>The portal with a platform operator from the Bootstrap settings, beside the seeded "demo" organization.</summary>
public sealed class OperatorPortalFixture : IAsyncLifetime
{
    public const string OperatorEmail = "operator@platform.test";

    public PortalFactory Factory { get; } = new()
    {
        Settings =
        {
            ["Bootstrap:OperatorEmail"] = OperatorEmail,
            ["Bootstrap:OperatorPassword"] = PortalFactory.Password,
        },
    };

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public static class OperatorKit
{
    /// <summary>The bootstrapped operator, as the service calls take them.</summary>
    public static async Task<PlatformOperator> OperatorAsync(this PortalFactory factory, string email = OperatorPortalFixture.OperatorEmail)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Web.Data.ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("No operator " + email);
        return new PlatformOperator(user.Id, email);
    }

    /// <summary>A fresh organization code, so tests sharing one app never touch each other's organizations.</summary>
    public static string NewCode() => "org-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>An organization with an Admin, a ready video and a token on it.</summary>
    public static async Task<(Web.Staff.Actor Admin, Video Video, TokenView Token)> CustomerAsync(this PortalFactory factory, string code)
    {
        var admin = await factory.StaffAsync(Web.Staff.StaffRole.Admin, code);
        var video = await factory.VideoAsync(code);
        var token = await factory.Service<TokenService>().CreateAsync(admin, video.Id, new TokenChanges());
        Assert.True(token.IsOk, token.Message);
        return (admin, video, token.Value!);
    }

    public static string EmbedUrl(string code, string videoId, Guid token) => $"/embed/{code}/{videoId}/?access_token={token}";
}
