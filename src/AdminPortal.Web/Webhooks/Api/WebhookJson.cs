using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Web.Webhooks.Api;

/// <summary>A webhook endpoint as the API answers it; <c>secret</c> only in the answer to its creation.</summary>
public sealed record WebhookJson
{
    [JsonPropertyName("id"), Description("Opaque endpoint id (ep_…).")]
    public required string Id { get; init; }

    [JsonPropertyName("url"), Description("Where events are POSTed: https (http only where the server allows it), never a loopback, private or link-local address.")]
    public required string Url { get; init; }

    [JsonPropertyName("events"), Description("The event types sent to this endpoint.")]
    public required IReadOnlyList<string> Events { get; init; }

    [JsonPropertyName("description"), Description("A note for people, up to 500 characters.")]
    public required string Description { get; init; }

    [JsonPropertyName("enabled"), Description("False when disabled by hand, or by the server after a day of failed deliveries (see disabled_reason).")]
    public required bool Enabled { get; init; }

    [JsonPropertyName("disabled_reason"), Description("Why the server disabled the endpoint; null otherwise.")]
    public required string? DisabledReason { get; init; }

    [JsonPropertyName("created"), Description("UTC.")]
    public required DateTime Created { get; init; }

    [JsonPropertyName("modified"), Description("UTC.")]
    public required DateTime Modified { get; init; }

    [JsonPropertyName("secret"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("The signing secret (whsec_…), in the answer to POST only: it is never shown again. Verify each delivery's webhook-signature with it (Standard Webhooks).")]
    public string? Secret { get; init; }

    public static WebhookJson From(WebhookEndpointView e, string? secret = null) => new()
    {
        Id = e.Id,
        Url = e.Url,
        Events = e.Events,
        Description = e.Description,
        Enabled = e.Enabled,
        DisabledReason = e.DisabledReason,
        Created = e.CreatedAt,
        Modified = e.ModifiedAt,
        Secret = secret,
    };
}

/// <summary>The request body of POST and PATCH, for the document; <see cref="WebhookRequest"/> reads it strictly.</summary>
public sealed record WebhookRequestJson(
    [property: JsonPropertyName("url"), Description("https URL that receives the events. Required on POST.")] string? Url,
    [property: JsonPropertyName("events"), Description("Event types: token.created, token.updated, token.revoked, playback.started, playback.refused, playback.ended, video.ready, video.failed. Required on POST.")] IReadOnlyList<string>? Events,
    [property: JsonPropertyName("description"), Description("Optional note, up to 500 characters.")] string? Description,
    [property: JsonPropertyName("enabled"), Description("Defaults to true; setting it true again clears a disabled_reason.")] bool? Enabled);

/// <summary>Turns a JSON body into <see cref="WebhookChanges"/>, checking JSON shapes and types; the rules are the service's.</summary>
public static class WebhookRequest
{
    public static IReadOnlySet<string> Fields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        WebhookAddressRules.UrlField, WebhookRules.EventsField, WebhookRules.DescriptionField, WebhookRules.EnabledField,
    };

    public static WebhookChanges Parse(JsonElement body, ValidationErrors errors)
    {
        JsonBody.RejectUnknownFields(body, Fields, "", errors);
        var changes = new WebhookChanges();
        if (body.TryGetProperty(WebhookAddressRules.UrlField, out var url))
        {
            if (url.ValueKind == JsonValueKind.String)
            {
                changes = changes with { Url = new Optional<string?>(true, url.GetString()) };
            }
            else
            {
                errors.Add(WebhookAddressRules.UrlField, "Must be a string such as \"https://example.com/webhooks\".");
            }
        }
        if (body.TryGetProperty(WebhookRules.EventsField, out var events))
        {
            if (events.ValueKind == JsonValueKind.Array)
            {
                var list = new List<string>();
                var i = 0;
                foreach (var item in events.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        list.Add(item.GetString()!);
                    }
                    else
                    {
                        errors.Add($"{WebhookRules.EventsField}[{i}]", "Must be an event type string such as \"playback.started\".");
                    }
                    i++;
                }
                changes = changes with { Events = new Optional<IReadOnlyList<string>?>(true, list) };
            }
            else
            {
                errors.Add(WebhookRules.EventsField, "Must be a list of event types, e.g. [\"playback.started\"].");
            }
        }
        if (body.TryGetProperty(WebhookRules.DescriptionField, out var description))
        {
            if (description.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                changes = changes with { Description = new Optional<string?>(true, description.ValueKind == JsonValueKind.Null ? null : description.GetString()) };
            }
            else
            {
                errors.Add(WebhookRules.DescriptionField, "Must be a string.");
            }
        }
        if (body.TryGetProperty(WebhookRules.EnabledField, out var enabled))
        {
            if (enabled.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                changes = changes with { Enabled = enabled.GetBoolean() };
            }
            else
            {
                errors.Add(WebhookRules.EnabledField, "Must be true or false.");
            }
        }
        return changes;
    }
}
