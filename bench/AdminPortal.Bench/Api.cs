using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Bench;

/// <summary>The few API calls the bench makes itself, through the public API like any backend.</summary>
public sealed class Api(string baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public string Key { get; private set; } = "";

    public string TokensPath(string videoId) => $"/api/v1/{Portal.OrganizationCode}/assets/{videoId}/access_tokens/";

    public string EmbedPath(string videoId) => $"/embed/{Portal.OrganizationCode}/{videoId}/?access_token=";

    public async Task LoginAsync(string email, string password)
    {
        var answer = await http.PostAsJsonAsync("/api/auth/login/", new { username = email, password, organization_id = Portal.OrganizationCode });
        Key = (await ReadAsync(answer, HttpStatusCode.OK))["token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Key);
    }

    /// <summary>The organization's videos, newest first (the seed's three samples).</summary>
    public async Task<IReadOnlyList<string>> VideoIdsAsync()
    {
        var page = await ReadAsync(await http.GetAsync($"/api/v1/{Portal.OrganizationCode}/assets/?limit=10"), HttpStatusCode.OK);
        return page["results"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()).ToList();
    }

    public async Task<string> CreateTokenAsync(string videoId, object body)
    {
        var token = await ReadAsync(await http.PostAsJsonAsync(TokensPath(videoId), body), HttpStatusCode.Created);
        return token["code"]!.GetValue<string>();
    }

    /// <summary>Adds a webhook endpoint subscribed to <paramref name="events"/>.</summary>
    public async Task AddWebhookAsync(string url, IReadOnlyList<string> events) =>
        await ReadAsync(await http.PostAsJsonAsync($"/api/v1/{Portal.OrganizationCode}/webhooks/", new { url, events }), HttpStatusCode.Created);

    public async Task<JsonObject> GetAsync(string path) => await ReadAsync(await http.GetAsync(path), HttpStatusCode.OK);

    public async Task<HttpStatusCode> StatusAsync(string path) => (await http.GetAsync(path)).StatusCode;

    public void Dispose() => http.Dispose();

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode != expected)
        {
            throw new InvalidOperationException($"{answer.RequestMessage?.Method} {answer.RequestMessage?.RequestUri} answered {(int)answer.StatusCode}: {body}");
        }
        return JsonNode.Parse(body)!.AsObject();
    }
}
