using System.Globalization;
using System.Threading.RateLimiting;
using AdminPortal.Web.ApiAccess;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Hosting;

/// <summary>One limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The <c>RateLimits</c> section: guessing passwords and minting tokens are throttled, playback never is.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts, per client address, across every account.</summary>
    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 20 };

    /// <summary><c>POST /api/auth/login/</c>, per client address.</summary>
    public RateLimitRule ApiLogin { get; set; } = new() { PermitLimit = 20 };

    /// <summary>Token creation through the API, per API key.</summary>
    public RateLimitRule TokenMinting { get; set; } = new() { PermitLimit = 600 };
}

/// <summary>ASP.NET Core's rate limiter, set from <see cref="RateLimitOptions"/>; refusals answer 429 with Retry-After.</summary>
public static class RateLimits
{
    public const string ApiLogin = "api-login";
    public const string TokenMinting = "token-minting";

    public static IServiceCollection AddAdminPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(options =>
        {
            // The sign-in form is matched by path, not by its page, so the page can change freely (every POST under /Account/Login).
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context.Request)
                    ? Partition("sign-in:" + ClientAddress(context), Rules(context).SignIn)
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(ApiLogin, context => Partition("api-login:" + ClientAddress(context), Rules(context).ApiLogin));
            options.AddPolicy(TokenMinting, context => Partition(
                "mint:" + (ApiKeyAuthenticationHandler.KeyId(context.User)?.ToString(CultureInfo.InvariantCulture) ?? ClientAddress(context)),
                Rules(context).TokenMinting));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value?.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase) == true;

    private static RateLimitOptions Rules(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Partition(string key, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, rule.PermitLimit),
            Window = rule.Window > TimeSpan.Zero ? rule.Window : TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 60;
        seconds = Math.Max(1, seconds);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many attempts. Try again in {seconds} seconds.";
        if (rejected.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            await response.WriteAsJsonAsync(new ApiError(message), ApiJson.Options, cancellationToken);
        }
        else
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(message, cancellationToken);
        }
    }
}
