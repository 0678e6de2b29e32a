using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Tokens.Api;
using AdminPortal.Web.Videos.Api;
using AdminPortal.Web.Webhooks.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace AdminPortal.Web.ApiAccess;

public static class ApiPolicies
{
    /// <summary>Any valid API key.</summary>
    public const string Read = "api";

    /// <summary>A key of an Editor or Admin; a Viewer's key answers 403.</summary>
    public const string Write = "api-write";
}

/// <summary>The server REST API: key authentication, the endpoints of both forms, and its OpenAPI document.</summary>
public static class ApiEndpoints
{
    public const string DocumentName = "v1";
    public const string DocsPath = "/api/docs";

    public static IServiceCollection AddAdminPortalApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ApiMethodNotAllowed>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<StaffChangeInterceptor>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // API endpoints authenticate with the key only: no cookie, so no sign-in redirects.
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiPolicies.Write, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(StaffRoles.Editor, StaffRoles.Admin));
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AdminPortal server API",
                    Version = "v1",
                    // Markdown: the header sits in code spans, where "<key>" is text, not an HTML tag the page would drop.
                    Description = IntroMarkdown,
                };
                // The contract's URLs end in a slash (both forms work); document them that way.
                var paths = new OpenApiPaths();
                foreach (var (path, item) in document.Paths)
                {
                    paths[path.EndsWith('/') ? path : path + "/"] = item;
                }
                document.Paths = paths;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Token"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "\"Token <key>\", e.g. Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Token", document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Integers are read strictly (no quoted numbers), whatever the shared JSON options allow; opacity really takes both.
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                // Ranges and defaults are described from the rules the validator checks, not typed again here.
                var clrType = context.JsonTypeInfo.Type;
                if (clrType == typeof(AnnotationInput) || clrType == typeof(AnnotationJson))
                {
                    foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                    {
                        if (AnnotationRules.Descriptions.TryGetValue(name, out var description) && property is OpenApiSchema writable)
                        {
                            writable.Description = description;
                        }
                    }
                    // "text" is required of text items, not of the logo, so the rule lives in its description.
                }
                else if (clrType == typeof(TokenRequestJson))
                {
                    Describe(schema, "time_to_live", TokenRules.Description);
                    Describe(schema, "annotations", $"Watermark texts and the organization's logo, at most {AnnotationRules.MaxAnnotations}; replaces the token's list. "
                        + "Unknown fields are rejected. On create, leaving the field out gives the token the organization's default watermark preset "
                        + "(if an Admin set one); an explicit [] means no watermark.");
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapAdminPortalApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicies.Read);
        api.MapApiAuthEndpoints();
        api.MapAssetEndpoints();
        api.MapTokenEndpoints();
        api.MapWebhookEndpoints();
        // Unknown API paths (404) and wrong methods (405) answer JSON, not the portal's sign-in redirect or not-found page.
        app.MapFallback("/api/{**path}", (HttpContext context, ApiMethodNotAllowed fallback) => fallback.Answer(context))
            .AllowAnonymous().ExcludeFromDescription();

        // The document and its browser: for signed-in staff (the portal's fallback policy).
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("AdminPortal API")
            // Self-contained: no web fonts or telemetry from third-party hosts.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .AddPreferredSecuritySchemes("Token")
            // The generated examples send the header as the API reads it: the word Token, a space, the key.
            .AddApiKeyAuthentication("Token", scheme => scheme.Value = "Token YOUR_KEY")
            .WithOpenApiRoutePattern("/api/openapi/{documentName}.json"));
        return app;
    }

    /// <summary>The reference's introduction (Markdown), with a first call that works as pasted once the key is filled in.</summary>
    public const string IntroMarkdown = """
        Mint and manage playback access tokens from your backend.

        **Authentication.** Send `Authorization: Token <key>` with every request: the word `Token`, a space, then the key
        (from `POST /api/auth/login/` or the API keys page). A bare key, or `Bearer <key>`, answers 401.

        ```bash
        KEY=your-40-character-key
        curl -s https://portal.example.com/api/v1/ORG_CODE/assets/ -H "Authorization: Token $KEY"
        curl -s -X POST https://portal.example.com/api/v1/ORG_CODE/assets/ASSET_ID/access_tokens/ \
          -H "Authorization: Token $KEY" -H 'Content-Type: application/json' \
          -d '{"time_to_live": 3600, "expires_after_first_usage": true}'
        ```

        Two forms of the same tokens: the TPStreams form under `/api/v1/{org_code}/assets/{asset_id}/access_tokens/` and the
        Testpress admin form under `/api/v2.5/admin/videos/{video_id}/access-tokens/`. Every request field may be left out or null.
        Errors: 400 names each bad field, e.g. `{"annotations[1].color": ["..."]}`; 401/403/404 answer `{"detail": "..."}`.

        Players stream AES-128 encrypted HLS through a playback session that starts when the viewer presses play: that is when
        a single-use token is spent. Revoking a token stops its playing sessions within 30 s; expiry by time (`time_to_live`)
        does not stop a playback that already started.

        Webhooks (`/api/v1/{org_code}/webhooks/`, Admin keys) send signed events about tokens, playbacks and videos
        (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`).
        """;

    private static void Describe(OpenApiSchema schema, string property, string description)
    {
        if (schema.Properties?.TryGetValue(property, out var found) == true && found is OpenApiSchema writable)
        {
            writable.Description = description;
        }
    }

    /// <summary>
    /// Documents a JSON request body without <c>Accepts</c>: that would make routing answer other content types itself
    /// (outside the API's authentication, so with a sign-in redirect) instead of our 415.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>The error answers every API endpoint may give, for the document.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, bool write)
    {
        builder.Produces<Dictionary<string, string[]>>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        if (write)
        {
            builder.Produces<ApiError>(StatusCodes.Status403Forbidden)
                .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge)
                .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType);
        }
        return builder;
    }
}
