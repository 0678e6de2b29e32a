using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Tokens.Api;

/// <summary>
/// Access tokens over HTTP, in both published forms: TPStreams (<c>/api/v1/{org_code}/assets/{asset_id}/access_tokens/</c>)
/// and Testpress admin (<c>/api/v2.5/admin/videos/{video_id}/access-tokens/</c>). Both are thin: parse, call
/// <see cref="TokenService"/>, shape the JSON.
/// </summary>
public static class TokenEndpoints
{
    private const string V1Base = "/v1/{org_code}/assets/{asset_id}/access_tokens";
    private const string AdminBase = "/v2.5/admin/videos/{video_id}/access-tokens";

    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup(V1Base).WithTags("Access tokens (TPStreams form)");
        v1.MapPost("/", CreateV1Async).RequireAuthorization(ApiPolicies.Write).RequireRateLimiting(Hosting.RateLimits.TokenMinting)
            .WithName("CreateAccessToken").WithSummary("Create an access token")
            .WithDescription("Creates a token for the asset. Every body field is optional; an empty body makes a reusable token with no time limit and no watermark.")
            .AcceptsJson<TokenRequestJson>()
            .Produces<TokenJson>(StatusCodes.Status201Created).ProducesErrors(write: true);
        v1.MapGet("/", ListV1Async)
            .WithName("ListAccessTokens").WithSummary("List the asset's access tokens")
            .WithDescription("Newest first, limit/offset pagination (limit defaults to 50, at most 100). Revoked tokens stay listed, as Expired.")
            .Produces<LimitOffsetPage<TokenJson>>().ProducesErrors(write: false);
        v1.MapGet("/{code}", GetV1Async)
            .WithName("GetAccessToken").WithSummary("View an access token")
            .Produces<TokenJson>().ProducesErrors(write: false);
        v1.MapMethods("/{code}", [HttpMethods.Put, HttpMethods.Patch], UpdateV1Async).RequireAuthorization(ApiPolicies.Write)
            .WithName("UpdateAccessToken").WithSummary("Update an access token (PUT or PATCH)")
            .WithDescription("Changes only the fields sent. time_to_live counts from now: valid_until = now + time_to_live.")
            .AcceptsJson<TokenRequestJson>()
            .Produces<TokenJson>().ProducesErrors(write: true);
        v1.MapDelete("/{code}", RevokeV1Async).RequireAuthorization(ApiPolicies.Write)
            .WithName("RevokeAccessToken").WithSummary("Revoke an access token")
            .WithDescription("The token stops working at once and stays listed with status Expired. Revoking twice is harmless.")
            .Produces(StatusCodes.Status204NoContent).ProducesErrors(write: true);

        var admin = api.MapGroup(AdminBase).WithTags("Access tokens (Testpress admin form)");
        admin.MapGet("/", ListAdminAsync)
            .WithName("AdminListAccessTokens").WithSummary("List the video's access tokens")
            .WithDescription("Newest first, page/page_size pagination (page_size defaults to 20, at most 100). Filter with is_active=true|false or status=active|expired.")
            .Produces<NumberedPage<AdminTokenJson>>().ProducesErrors(write: false);
        admin.MapPost("/", CreateAdminAsync).RequireAuthorization(ApiPolicies.Write).RequireRateLimiting(Hosting.RateLimits.TokenMinting)
            .WithName("AdminCreateAccessToken").WithSummary("Create an access token")
            .AcceptsJson<TokenRequestJson>()
            .Produces<AdminTokenJson>(StatusCodes.Status201Created).ProducesErrors(write: true);
        admin.MapGet("/{code}", GetAdminAsync)
            .WithName("AdminGetAccessToken").WithSummary("View an access token")
            .Produces<AdminTokenJson>().ProducesErrors(write: false);
        admin.MapMethods("/{code}", [HttpMethods.Put, HttpMethods.Patch], UpdateAdminAsync).RequireAuthorization(ApiPolicies.Write)
            .WithName("AdminUpdateAccessToken").WithSummary("Update an access token (PUT or PATCH)")
            .WithDescription("Changes only the fields sent, e.g. {\"time_to_live\": 300}.")
            .AcceptsJson<TokenRequestJson>()
            .Produces<AdminTokenJson>().ProducesErrors(write: true);
        admin.MapDelete("/{code}", RevokeAdminAsync).RequireAuthorization(ApiPolicies.Write)
            .WithName("AdminRevokeAccessToken").WithSummary("Revoke an access token")
            .Produces(StatusCodes.Status204NoContent).ProducesErrors(write: true);
        return api;
    }

    // TPStreams form

    private static Task<IResult> CreateV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
        WriteAsync(ApiActor.For(context, orgCode), context, async (actor, changes) =>
            Answer(await tokens.CreateAsync(actor, assetId, changes, cancellationToken), t => ApiJson.Created(V1(context, urls, actor, t))), cancellationToken);

    private static async Task<IResult> ListV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        [FromQuery(Name = "is_active")] string? isActive, [FromQuery(Name = "limit")] string? limit, [FromQuery(Name = "offset")] string? offset,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor)
        {
            return ApiJson.NotFound();
        }
        var errors = new ValidationErrors();
        var active = ApiPaging.Boolean(isActive, "is_active", errors);
        var (take, skip) = ApiPaging.LimitOffset(limit, offset, errors);
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        var result = await tokens.ListAsync(actor, assetId, new TokenQuery(Filter(active), Offset: skip, Limit: take), cancellationToken);
        return Answer(result, page => ApiJson.Ok(ApiPaging.LimitOffsetPage(context.Request, urls.BaseUrl(context.Request),
            new Page<TokenJson>(page.Items.Select(t => V1(context, urls, actor, t)).ToList(), page.TotalCount), take, skip)));
    }

    private static async Task<IResult> GetV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        string code, HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor || !Guid.TryParse(code, out var parsed))
        {
            return ApiJson.NotFound();
        }
        return Answer(await tokens.GetAsync(actor, assetId, parsed, cancellationToken), t => ApiJson.Ok(V1(context, urls, actor, t)));
    }

    private static Task<IResult> UpdateV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        string code, HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
        WriteAsync(Guid.TryParse(code, out _) ? ApiActor.For(context, orgCode) : null, context, async (actor, changes) =>
            Answer(await tokens.UpdateAsync(actor, assetId, Guid.Parse(code), changes, cancellationToken), t => ApiJson.Ok(V1(context, urls, actor, t))), cancellationToken);

    private static async Task<IResult> RevokeV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        string code, HttpContext context, TokenService tokens, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor || !Guid.TryParse(code, out var parsed))
        {
            return ApiJson.NotFound();
        }
        return Answer(await tokens.RevokeAsync(actor, assetId, parsed, cancellationToken), _ => Results.NoContent());
    }

    // Testpress admin form: the organization is the key's.

    private static async Task<IResult> ListAdminAsync([FromRoute(Name = "video_id")] string videoId,
        [FromQuery(Name = "is_active")] string? isActive, [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context) is not { } actor)
        {
            return ApiJson.NotFound();
        }
        var errors = new ValidationErrors();
        var active = ApiPaging.Boolean(isActive, "is_active", errors);
        var byStatus = status?.Trim().ToLowerInvariant() switch
        {
            null or "" => (bool?)null,
            "active" => true,
            "expired" => false,
            _ => Invalid(errors, "status", "Must be \"active\" or \"expired\"."),
        };
        if (active is not null && byStatus is not null && active != byStatus)
        {
            errors.Add("status", "Contradicts is_active; send one of them.");
        }
        var (number, size) = ApiPaging.PageNumber(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        var result = await tokens.ListAsync(actor, videoId,
            new TokenQuery(Filter(active ?? byStatus), Offset: (int)Math.Min(int.MaxValue, (long)(number - 1) * size), Limit: size), cancellationToken);
        if (result.IsOk && number > 1 && result.Value!.Items.Count == 0)
        {
            return ApiJson.Error(StatusCodes.Status404NotFound, "Invalid page.");
        }
        return Answer(result, p => ApiJson.Ok(ApiPaging.NumberedPage(context.Request, urls.BaseUrl(context.Request),
            new Page<AdminTokenJson>(p.Items.Select(t => Admin(context, urls, actor, t)).ToList(), p.TotalCount), number, size)));
    }

    private static Task<IResult> CreateAdminAsync([FromRoute(Name = "video_id")] string videoId,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
        WriteAsync(ApiActor.For(context), context, async (actor, changes) =>
            Answer(await tokens.CreateAsync(actor, videoId, changes, cancellationToken), t => ApiJson.Created(Admin(context, urls, actor, t))), cancellationToken);

    private static async Task<IResult> GetAdminAsync([FromRoute(Name = "video_id")] string videoId, string code,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context) is not { } actor || !Guid.TryParse(code, out var parsed))
        {
            return ApiJson.NotFound();
        }
        return Answer(await tokens.GetAsync(actor, videoId, parsed, cancellationToken), t => ApiJson.Ok(Admin(context, urls, actor, t)));
    }

    private static Task<IResult> UpdateAdminAsync([FromRoute(Name = "video_id")] string videoId, string code,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
        WriteAsync(Guid.TryParse(code, out _) ? ApiActor.For(context) : null, context, async (actor, changes) =>
            Answer(await tokens.UpdateAsync(actor, videoId, Guid.Parse(code), changes, cancellationToken), t => ApiJson.Ok(Admin(context, urls, actor, t))), cancellationToken);

    private static async Task<IResult> RevokeAdminAsync([FromRoute(Name = "video_id")] string videoId, string code,
        HttpContext context, TokenService tokens, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context) is not { } actor || !Guid.TryParse(code, out var parsed))
        {
            return ApiJson.NotFound();
        }
        return Answer(await tokens.RevokeAsync(actor, videoId, parsed, cancellationToken), _ => Results.NoContent());
    }

    // Shared

    /// <summary>Not found first (wrong org or code), then the strict body, then the service, which validates and writes all or nothing.</summary>
    private static async Task<IResult> WriteAsync(Actor? actor, HttpContext context, Func<Actor, TokenChanges, Task<IResult>> write, CancellationToken cancellationToken)
    {
        if (actor is null)
        {
            return ApiJson.NotFound();
        }
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var errors = new ValidationErrors();
        var changes = TokenRequest.Parse(body, errors);
        return errors.IsEmpty ? await write(actor, changes) : ApiJson.Invalid(errors);
    }

    private static IResult Answer<T>(Result<T> result, Func<T, IResult> ok) => result.IsOk ? ok(result.Value!) : ApiJson.Failure(result);

    private static TokenStatusFilter Filter(bool? active) => active switch
    {
        true => TokenStatusFilter.Active,
        false => TokenStatusFilter.Expired,
        null => TokenStatusFilter.All,
    };

    private static bool? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static TokenJson V1(HttpContext context, PlaybackUrls urls, Actor actor, TokenView token) => new()
    {
        PlaybackUrl = PlaybackUrls.Embed(urls.BaseUrl(context.Request), actor.OrganizationCode, token.VideoId, token.Code),
        ExpiresAfterFirstUsage = token.ExpiresAfterFirstUsage,
        Code = token.Code,
        Status = token.Status.ToString(),
        ValidUntil = token.ValidUntil,
        Annotations = token.Annotations.Select(AnnotationJson.From).ToList(),
        Created = token.CreatedAt,
        Modified = token.ModifiedAt,
    };

    private static AdminTokenJson Admin(HttpContext context, PlaybackUrls urls, Actor actor, TokenView token)
    {
        var baseUrl = urls.BaseUrl(context.Request);
        return new AdminTokenJson
        {
            Url = $"{baseUrl}/api/v2.5/admin/videos/{Uri.EscapeDataString(token.VideoId)}/access-tokens/{token.Code:D}/",
            PlaybackUrl = PlaybackUrls.Embed(baseUrl, actor.OrganizationCode, token.VideoId, token.Code),
            ExpiresAfterFirstUsage = token.ExpiresAfterFirstUsage,
            Code = token.Code,
            Status = token.Status.ToString(),
            ValidUntil = token.ValidUntil,
            Annotations = token.Annotations.Select(AnnotationJson.From).ToList(),
            Created = token.CreatedAt,
            Modified = token.ModifiedAt,
        };
    }
}
