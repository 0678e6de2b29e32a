using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.ApiAccess;

/// <summary>
/// <c>Authorization: Token &lt;key&gt;</c>, as TPStreams and Testpress backends send it. Answers 401/403 as JSON,
/// never a redirect to the sign-in page.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";
    public const string NotProvided = "Authentication credentials were not provided.";
    public const string InvalidToken = "Invalid token.";
    public const string NoPermission = "You do not have permission to perform this action.";
    public const string WrongScheme = "Authentication credentials were not provided in the right form: use `Authorization: Token <key>`.";

    private const string Keyword = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A key sent bare or as a Bearer token: say how to send it, rather than that nothing was sent.
        if ((parts.Length == 1 && ApiKeyService.IsWellFormed(parts[0].ToLowerInvariant()))
            || (parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) && ApiKeyService.IsWellFormed(parts[1].ToLowerInvariant())))
        {
            return AuthenticateResult.Fail(WrongScheme);
        }
        // Another scheme (or none) means no API credentials were given, as Django REST framework reads it.
        if (parts.Length == 0 || !parts[0].Equals(Keyword, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (parts.Length != 2)
        {
            return AuthenticateResult.Fail(InvalidToken);
        }
        var owner = await keys.AuthenticateAsync(parts[1], Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail(InvalidToken);
        }
        var claims = owner.Actor.ToClaims().Append(new Claim(KeyIdClaim, owner.KeyId.ToString(CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Keyword;
        var detail = result.Failure is null ? NotProvided : result.Failure.Message == WrongScheme ? WrongScheme : InvalidToken;
        await Response.WriteAsJsonAsync(new ApiError(detail), ApiJson.Options);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ApiError(NoPermission), ApiJson.Options);
    }

    /// <summary>The id of the key the request was made with, for logout.</summary>
    public static long? KeyId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(KeyIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
