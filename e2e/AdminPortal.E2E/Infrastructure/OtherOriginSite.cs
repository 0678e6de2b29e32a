using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdminPortal.E2E.Infrastructure;

/// <summary>
/// A customer's website on another origin: a tiny Kestrel app serving one page with the pasted embed code.
/// It listens on 127.0.0.1 when the portal is on localhost, and the other way round.
/// </summary>
public sealed class OtherOriginSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtherOriginSite(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<OtherOriginSite> StartAsync(string portalBaseUrl, string bodyHtml)
    {
        var portalHost = new Uri(portalBaseUrl).Host;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var html = $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Customer site</title></head><body><h1>Our course</h1>{bodyHtml}</body></html>";
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        // Different host name means a different origin (and site) from the portal's.
        var host = portalHost == "127.0.0.1" ? "localhost" : "127.0.0.1";
        return new OtherOriginSite(app, $"http://{host}:{port}/");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
