using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Tokens.Api;

/// <summary>
/// Access tokens over HTTP, in both published forms: TPStreams (<c>/api/v1/{org_code}/assets/{asset_id}/access_tokens/</c>)
/// and Testpress admin (<c>/api/v2.5/admin/videos/{video_id}/access-tokens/</c>). One set of handlers serves both; a
/// <see cref="TokenApiForm"/> says how each names the asset and organization and shapes the JSON, and each lists with its own paging.
/// </summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var v1 = MapForm(api, TokenApiForm.V1, "Access tokens (TPStreams form)", "the asset");
        v1.MapGet("/", ListV1Async)
            .WithName("ListAccessTokens").WithSummary("List the asset's access tokens")
            .WithDescription($"Newest first, limit/offset pagination (limit defaults to {ApiPaging.DefaultLimit}, at most {ApiPaging.MaxPageSize}). Revoked tokens stay listed, as Expired.")
            .Produces<LimitOffsetPage<TokenJson>>().ProducesErrors(write: false);

        var admin = MapForm(api, TokenApiForm.Admin, "Access tokens (Testpress admin form)", "the video");
        admin.MapGet("/", ListAdminAsync)
            .WithName("AdminListAccessTokens").WithSummary("List the video's access tokens")
            .WithDescription($"Newest first, page/page_size pagination (page_size defaults to {ApiPaging.DefaultPageSize}, at most {ApiPaging.MaxPageSize}). Filter with is_active=true|false or status=active|expired.")
            .Produces<NumberedPage<AdminTokenJson>>().ProducesErrors(write: false);
        return api;
    }

    /// <summary>Create, view, update and revoke: the same in both forms but for names and the JSON type.</summary>
    private static RouteGroupBuilder MapForm(RouteGroupBuilder api, TokenApiForm form, string tag, string asset)
    {
        var group = api.MapGroup(form.Base).WithTags(tag);
        group.MapPost("/", (HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
                WriteAsync(form, context, code: null, (actor, assetId, _, changes) => tokens.CreateAsync(actor, assetId, changes, cancellationToken),
                    StatusCodes.Status201Created, urls, cancellationToken))
            .RequireAuthorization(ApiPolicies.Write).RequireRateLimiting(RateLimits.TokenMinting)
            .WithName(form.Name("CreateAccessToken")).WithSummary("Create an access token")
            .WithDescription($"Creates a token for {asset}. Every body field is optional; an empty body makes a reusable token with no time limit and no watermark.")
            .AcceptsJson<TokenRequestJson>()
            .Produces(StatusCodes.Status201Created, form.JsonType).ProducesErrors(write: true)
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{code}", async (string code, HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
                form.Resolve(context, code) is not ({ } actor, { } assetId, { } parsed)
                    ? ApiJson.NotFound()
                    : Answer(await tokens.GetAsync(actor, assetId, parsed, cancellationToken), t => ApiJson.Json(form.Json(context, urls, actor, t))))
            .WithName(form.Name("GetAccessToken")).WithSummary("View an access token")
            .Produces(StatusCodes.Status200OK, form.JsonType).ProducesErrors(write: false);
        group.MapMethods("/{code}", [HttpMethods.Put, HttpMethods.Patch],
                (string code, HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken) =>
                WriteAsync(form, context, code, (actor, assetId, parsed, changes) => tokens.UpdateAsync(actor, assetId, parsed!.Value, changes, cancellationToken),
                    StatusCodes.Status200OK, urls, cancellationToken))
            .RequireAuthorization(ApiPolicies.Write)
            .WithName(form.Name("UpdateAccessToken")).WithSummary("Update an access token (PUT or PATCH)")
            .WithDescription("Changes only the fields sent, e.g. {\"time_to_live\": 300}. time_to_live counts from now: valid_until = now + time_to_live.")
            .AcceptsJson<TokenRequestJson>()
            .Produces(StatusCodes.Status200OK, form.JsonType).ProducesErrors(write: true);
        group.MapDelete("/{code}", async (string code, HttpContext context, TokenService tokens, CancellationToken cancellationToken) =>
                form.Resolve(context, code) is not ({ } actor, { } assetId, { } parsed)
                    ? ApiJson.NotFound()
                    : Answer(await tokens.RevokeAsync(actor, assetId, parsed, cancellationToken), _ => Results.NoContent()))
            .RequireAuthorization(ApiPolicies.Write)
            .WithName(form.Name("RevokeAccessToken")).WithSummary("Revoke an access token")
            .WithDescription("The token stops working at once and stays listed with status Expired; players already streaming with it stop within 30 s. Revoking twice is harmless.")
            .Produces(StatusCodes.Status204NoContent).ProducesErrors(write: true);
        return group;
    }

    private static async Task<IResult> ListV1Async([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        [FromQuery(Name = "is_active")] string? isActive, [FromQuery(Name = "limit")] string? limit, [FromQuery(Name = "offset")] string? offset,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var active = ApiPaging.Boolean(isActive, "is_active", errors);
        var (take, skip) = ApiPaging.LimitOffset(limit, offset, errors);
        return await ListAsync(TokenApiForm.V1, context, errors, new TokenQuery(Filter(active), Offset: skip, Limit: take), tokens,
            (actor, page) => ApiPaging.LimitOffsetPage(context.Request, urls.BaseUrl(context.Request),
                new Page<TokenJson>(page.Items.Select(t => TokenApiForm.V1.Json(context, urls, actor, t)).ToList(), page.TotalCount), take, skip),
            cancellationToken);
    }

    private static async Task<IResult> ListAdminAsync([FromRoute(Name = "video_id")] string videoId,
        [FromQuery(Name = "is_active")] string? isActive, [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpContext context, TokenService tokens, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var active = ApiPaging.Boolean(isActive, "is_active", errors);
        var byStatus = Status(status, errors);
        if (active is not null && byStatus is not null && active != byStatus)
        {
            errors.Add("status", "Contradicts is_active; send one of them.");
        }
        var (number, size) = ApiPaging.PageNumber(page, pageSize, errors);
        var query = new TokenQuery(Filter(active ?? byStatus), Offset: (int)Math.Min(int.MaxValue, (long)(number - 1) * size), Limit: size);
        return await ListAsync(TokenApiForm.Admin, context, errors, query, tokens,
            (actor, p) => number > 1 && p.Items.Count == 0
                ? null
                : ApiPaging.NumberedPage(context.Request, urls.BaseUrl(context.Request),
                    new Page<AdminTokenJson>(p.Items.Select(t => (AdminTokenJson)TokenApiForm.Admin.Json(context, urls, actor, t)).ToList(), p.TotalCount), number, size),
            cancellationToken);
    }

    /// <summary>Not found first (wrong org), then the query's errors, then the page; a null page is the Testpress "Invalid page." 404.</summary>
    private static async Task<IResult> ListAsync(TokenApiForm form, HttpContext context, ValidationErrors errors, TokenQuery query, TokenService tokens,
        Func<Actor, Page<TokenView>, object?> shape, CancellationToken cancellationToken)
    {
        if (form.Resolve(context, code: null) is not ({ } actor, { } assetId, _))
        {
            return ApiJson.NotFound();
        }
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        return Answer(await tokens.ListAsync(actor, assetId, query, cancellationToken),
            page => shape(actor, page) is { } json ? ApiJson.Ok(json) : ApiJson.Error(StatusCodes.Status404NotFound, "Invalid page."));
    }

    /// <summary>Not found first (wrong org or code), then the strict body, then the service, which validates and writes all or nothing.</summary>
    private static async Task<IResult> WriteAsync(TokenApiForm form, HttpContext context, string? code,
        Func<Actor, string, Guid?, TokenChanges, Task<Result<TokenView>>> write, int status, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (form.Resolve(context, code) is not ({ } actor, { } assetId, var parsed) || (code is not null && parsed is null))
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
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        return Answer(await write(actor, assetId, parsed, changes), t => ApiJson.Json(form.Json(context, urls, actor, t), status));
    }

    private static IResult Answer<T>(Result<T> result, Func<T, IResult> ok) => result.IsOk ? ok(result.Value!) : ApiJson.Failure(result);

    /// <summary>Testpress's <c>?status=active|expired</c>, as is_active would say it.</summary>
    private static bool? Status(string? status, ValidationErrors errors)
    {
        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "active":
                return true;
            case "expired":
                return false;
            default:
                errors.Add("status", "Must be \"active\" or \"expired\".");
                return null;
        }
    }

    private static TokenStatusFilter Filter(bool? active) => active switch
    {
        true => TokenStatusFilter.Active,
        false => TokenStatusFilter.Expired,
        null => TokenStatusFilter.All,
    };
}

/// <summary>What differs between the two published forms: the base path, where the organization comes from, and the token's JSON.</summary>
public sealed record TokenApiForm(string Base, string AssetRoute, string? OrgRoute, string NamePrefix, Type JsonType,
    Func<HttpContext, PlaybackUrls, Actor, TokenView, TokenJson> Json)
{
    /// <summary>TPStreams: the URL names the organization, which must be the key's.</summary>
    public static TokenApiForm V1 { get; } = new("/v1/{org_code}/assets/{asset_id}/access_tokens", "asset_id", "org_code", "", typeof(TokenJson),
        (context, urls, actor, token) => TokenJson.From(token, PlaybackUrl(context, urls, actor, token)));

    /// <summary>Testpress admin: the organization is the key's; each token carries its own URL.</summary>
    public static TokenApiForm Admin { get; } = new("/v2.5/admin/videos/{video_id}/access-tokens", "video_id", null, "Admin", typeof(AdminTokenJson),
        (context, urls, actor, token) => AdminTokenJson.From(token, PlaybackUrl(context, urls, actor, token),
            $"{urls.BaseUrl(context.Request)}/api/v2.5/admin/videos/{Uri.EscapeDataString(token.VideoId)}/access-tokens/{token.Code:D}/"));

    public string Name(string operation) => NamePrefix + operation;

    /// <summary>The caller and asset the URL names (null actor: another organization), and the parsed code (null when absent or malformed).</summary>
    public (Actor? Actor, string? AssetId, Guid? Code) Resolve(HttpContext context, string? code)
    {
        var orgCode = OrgRoute is null ? null : context.GetRouteValue(OrgRoute) as string;
        var actor = OrgRoute is not null && orgCode is null ? null : ApiActor.For(context, orgCode);
        return (actor, context.GetRouteValue(AssetRoute) as string, TokenCodes.Parse(code));
    }

    private static string PlaybackUrl(HttpContext context, PlaybackUrls urls, Actor actor, TokenView token) =>
        PlaybackUrls.Embed(urls.BaseUrl(context.Request), actor.OrganizationCode, token.VideoId, token.Code);
}
