using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Tests.Api;

/// <summary>Real HTTP against the API: keys through the real login, JSON in and out.</summary>
public static class ApiKit
{
    /// <summary>A fresh organization code, so tests in one class never share the 20-key budget.</summary>
    public static string NewOrg() => "o" + Guid.NewGuid().ToString("N")[..10];

    public static HttpClient Anonymous(PortalFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public static HttpClient WithKey(PortalFactory factory, string key)
    {
        var client = Anonymous(factory);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        return client;
    }

    public static async Task<string> LoginAsync(PortalFactory factory, string email, string orgCode)
    {
        using var client = Anonymous(factory);
        var response = await client.PostAsync("/api/auth/login/", Json(new JsonObject
        {
            ["username"] = email,
            ["password"] = PortalFactory.Password,
            ["organization_id"] = orgCode,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await BodyAsync(response))["token"]!.GetValue<string>();
    }

    /// <summary>A staff member of the given role and a client holding their key.</summary>
    public static async Task<(Actor Actor, HttpClient Client)> StaffClientAsync(PortalFactory factory, StaffRole role, string orgCode)
    {
        var actor = await factory.StaffAsync(role, orgCode);
        var key = await LoginAsync(factory, actor.Name, orgCode);
        return (actor, WithKey(factory, key));
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Raw(string body, string? contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + text);
    }

    public static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, HttpContent? content = null) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });

    public static string[] Keys(JsonObject obj) => obj.Select(p => p.Key).ToArray();

    public static string V1Tokens(string org, string asset) => $"/api/v1/{org}/assets/{asset}/access_tokens/";

    public static string AdminTokens(string video) => $"/api/v2.5/admin/videos/{video}/access-tokens/";

    public static readonly string[] TokenFields =
        ["playback_url", "expires_after_first_usage", "code", "status", "valid_until", "annotations", "created", "modified"];

    public static readonly string[] AnnotationFields = ["text", "type", "color", "opacity", "size", "interval", "skip", "x", "y"];
}
