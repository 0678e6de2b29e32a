using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.ApiAccess;

/// <summary>The login body; JSON or an HTML form.</summary>
public sealed record LoginRequestJson(
    [property: JsonPropertyName("username"), Description("The staff member's e-mail.")] string Username,
    [property: JsonPropertyName("password"), Description("The staff member's password. Failures count towards lockout, as on the sign-in page.")] string Password,
    [property: JsonPropertyName("organization_id"), Description("The organization's code, e.g. \"demo\".")] string OrganizationId,
    [property: JsonPropertyName("otp"), Description("Our extension: the current 6-digit code from the authenticator app, required when the account has two-factor sign-in on (else 400 naming otp).")] string? Otp = null);

public sealed record LoginResponseJson(
    [property: JsonPropertyName("token"), Description("The API key (40 hex characters). Send it as \"Authorization: Token <key>\". It is not shown again.")] string Token);

/// <summary><c>POST /api/auth/login/</c> and <c>/api/auth/logout/</c>.</summary>
public static class ApiAuthEndpoints
{
    public static RouteGroupBuilder MapApiAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.ApiLogin)
            .WithName("Login").WithSummary("Get an API key")
            .WithDescription($"Exchanges a staff member's credentials for an API key. At most {ApiKeyService.MaxKeysPerOrganization} keys per organization; the next login answers 400 until one is logged out or revoked.")
            .AcceptsJson<LoginRequestJson>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Security = []; // the one call that needs no key
                operation.Description += " Also accepts an HTML form (application/x-www-form-urlencoded) with the same fields.";
                return Task.CompletedTask;
            })
            .Produces<LoginResponseJson>()
            .Produces<Dictionary<string, string[]>>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", LogoutAsync)
            .WithName("Logout").WithSummary("Delete the API key used for this request")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, ApiKeyService keys, ApiLoginSecondFactor secondFactor, CancellationToken cancellationToken)
    {
        string? username, password, organization, otp;
        if (context.Request.HasFormContentType)
        {
            if (context.Request.ContentLength > JsonBody.MaxBytes)
            {
                return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {JsonBody.MaxBytes / 1024} KB.");
            }
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return ApiJson.Error(StatusCodes.Status400BadRequest, "The form could not be read: " + e.Message);
            }
            (username, password, organization, otp) = (form["username"], form["password"], form["organization_id"], form["otp"]);
        }
        else
        {
            var (body, error) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var errors = new ValidationErrors();
            JsonBody.RejectUnknownFields(body, Fields, "", errors);
            (username, password, organization, otp) = (Text(body, "username", errors), Text(body, "password", errors), Text(body, "organization_id", errors),
                Text(body, ApiLoginSecondFactor.Field, errors));
            if (!errors.IsEmpty)
            {
                return ApiJson.Invalid(errors);
            }
        }
        if (await secondFactor.CheckAsync(username, password, organization, otp, cancellationToken) is { } otpErrors)
        {
            return ApiJson.Invalid(otpErrors);
        }
        var result = await keys.LoginAsync(username, password, organization, cancellationToken);
        return result.IsOk ? ApiJson.Ok(new LoginResponseJson(result.Value!)) : ApiJson.Failure(result);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        if (ApiKeyAuthenticationHandler.KeyId(context.User) is { } keyId)
        {
            await keys.LogoutAsync(keyId, cancellationToken);
        }
        return Results.NoContent();
    }

    private static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal) { "username", "password", "organization_id", ApiLoginSecondFactor.Field };

    private static string? Text(JsonElement body, string field, ValidationErrors errors)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, "Must be a string.");
            return null;
        }
        return value.GetString();
    }
}
