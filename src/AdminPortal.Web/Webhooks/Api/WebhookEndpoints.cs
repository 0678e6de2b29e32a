using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Webhooks.Api;

/// <summary>
/// Webhook endpoints over HTTP: <c>/api/v1/{org_code}/webhooks/</c>. Admins' keys only (others 403); bodies are read by the one
/// strict reader, and every bad field answers 400 by name.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/{org_code}/webhooks").WithTags("Webhooks");
        group.MapGet("/", async ([FromRoute(Name = "org_code")] string orgCode, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
                ApiActor.For(context, orgCode) is not { } actor
                    ? ApiJson.NotFound()
                    : Answer(await webhooks.ListAsync(actor, cancellationToken), list => ApiJson.Ok(list.Select(e => WebhookJson.From(e)).ToList())))
            .WithName("ListWebhooks").WithSummary("List the organization's webhook endpoints")
            .WithDescription("Admins only. Oldest first; at most " + WebhookRules.MaxEndpoints + " per organization. Secrets are never listed.")
            .Produces<List<WebhookJson>>().ProducesErrors(write: false).Produces<ApiError>(StatusCodes.Status403Forbidden);
        group.MapPost("/", async ([FromRoute(Name = "org_code")] string orgCode, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
                await WriteAsync(context, orgCode, (actor, changes) => webhooks.CreateAsync(actor, changes, cancellationToken),
                    created => ApiJson.Created(WebhookJson.From(created.Endpoint, created.Secret)), cancellationToken))
            .WithName("CreateWebhook").WithSummary("Add a webhook endpoint")
            .WithDescription("Body: url and events (required), description, enabled. The answer carries the signing secret (whsec_…) this once. "
                + "Each delivery is a POST of {\"type\", \"timestamp\", \"data\"} with the Standard Webhooks headers webhook-id, webhook-timestamp and "
                + "webhook-signature (v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">); failed deliveries are retried with backoff for about a day, "
                + "and an endpoint failing for a whole day is disabled.")
            .AcceptsJson<WebhookRequestJson>()
            .Produces<WebhookJson>(StatusCodes.Status201Created).ProducesErrors(write: true);
        group.MapGet("/{id}", async ([FromRoute(Name = "org_code")] string orgCode, string id, HttpContext context, WebhookService webhooks,
                CancellationToken cancellationToken) =>
                ApiActor.For(context, orgCode) is not { } actor
                    ? ApiJson.NotFound()
                    : Answer(await webhooks.GetAsync(actor, id, cancellationToken), e => ApiJson.Ok(WebhookJson.From(e))))
            .WithName("GetWebhook").WithSummary("View a webhook endpoint")
            .Produces<WebhookJson>().ProducesErrors(write: false).Produces<ApiError>(StatusCodes.Status403Forbidden);
        group.MapPatch("/{id}", async ([FromRoute(Name = "org_code")] string orgCode, string id, HttpContext context, WebhookService webhooks,
                CancellationToken cancellationToken) =>
                await WriteAsync(context, orgCode, (actor, changes) => webhooks.UpdateAsync(actor, id, changes, cancellationToken),
                    e => ApiJson.Ok(WebhookJson.From(e)), cancellationToken))
            .WithName("UpdateWebhook").WithSummary("Change a webhook endpoint")
            .WithDescription("Changes only the fields sent. {\"enabled\": true} turns a disabled endpoint on again; its pending deliveries then go out.")
            .AcceptsJson<WebhookRequestJson>()
            .Produces<WebhookJson>().ProducesErrors(write: true);
        group.MapDelete("/{id}", async ([FromRoute(Name = "org_code")] string orgCode, string id, HttpContext context, WebhookService webhooks,
                CancellationToken cancellationToken) =>
                ApiActor.For(context, orgCode) is not { } actor
                    ? ApiJson.NotFound()
                    : Answer(await webhooks.DeleteAsync(actor, id, cancellationToken), _ => Results.NoContent()))
            .WithName("DeleteWebhook").WithSummary("Delete a webhook endpoint")
            .WithDescription("Its pending deliveries are dropped with it.")
            .Produces(StatusCodes.Status204NoContent).ProducesErrors(write: true);
        group.MapPost("/{id}/rotate-secret", async ([FromRoute(Name = "org_code")] string orgCode, string id, HttpContext context, WebhookService webhooks,
                CancellationToken cancellationToken) =>
                ApiActor.For(context, orgCode) is not { } actor
                    ? ApiJson.NotFound()
                    : Answer(await webhooks.RotateSecretAsync(actor, id, cancellationToken), secret => ApiJson.Ok(new RotatedSecretJson(secret))))
            .WithName("RotateWebhookSecret").WithSummary("Rotate an endpoint's signing secret")
            .WithDescription("Answers the new secret, this once. For 24 hours deliveries carry two signatures (new and old, space-separated), so receivers can switch without losing any.")
            .Produces<RotatedSecretJson>().ProducesErrors(write: true);
        return api;
    }

    /// <summary>Not found first (wrong org), then the strict body, then the service, which validates and writes all or nothing.</summary>
    private static async Task<IResult> WriteAsync<T>(HttpContext context, string orgCode, Func<Actor, WebhookChanges, Task<Result<T>>> write,
        Func<T, IResult> ok, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor)
        {
            return ApiJson.NotFound();
        }
        if (!actor.IsAdmin)
        {
            return ApiJson.Error(StatusCodes.Status403Forbidden, ApiKeyAuthenticationHandler.NoPermission);
        }
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var errors = new ValidationErrors();
        var changes = WebhookRequest.Parse(body, errors);
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        return Answer(await write(actor, changes), ok);
    }

    private static IResult Answer<T>(Result<T> result, Func<T, IResult> ok) => result.IsOk ? ok(result.Value!) : ApiJson.Failure(result);
}

public sealed record RotatedSecretJson(
    [property: System.Text.Json.Serialization.JsonPropertyName("secret"), System.ComponentModel.Description("The new signing secret (whsec_…), shown this once.")] string Secret);
