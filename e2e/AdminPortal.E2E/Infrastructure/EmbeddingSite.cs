using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdminPortal.E2E.Infrastructure;

/// <summary>
/// A customer's website on another origin: a tiny Kestrel server whose one page frames a playback URL,
/// the way the embed snippet does.
/// </summary>
public sealed class EmbeddingSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmbeddingSite(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The page that frames <paramref name="playbackUrl"/>.</summary>
    public string PageFor(string playbackUrl) => $"{BaseUrl}/lesson?src={Uri.EscapeDataString(playbackUrl)}";

    /// <summary>The page showing the HTML given at start, e.g. an embed snippet pasted from the portal.</summary>
    public string PastedPage => BaseUrl + "/";

    /// <summary>Starts on a loopback host name different from the portal's, so the two are different origins.</summary>
    public static async Task<EmbeddingSite> StartAsync(string portalBaseUrl, string pastedHtml = "")
    {
        var portalHost = new Uri(portalBaseUrl).Host;
        var host = portalHost == "localhost" ? "127.0.0.1" : "localhost";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/lesson", (string src) => Results.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Lesson 7 - Example School</title>
            <style>body{font-family:sans-serif;margin:24px;background:#f4f1ea} .player{width:800px}</style></head>
            <body><h1>Lesson 7</h1>
            <div class="player"><div style="padding-top:56.25%;position:relative;"><iframe src="{{WebUtility.HtmlEncode(src)}}" style="border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen="" frameborder="0"></iframe></div></div>
            </body></html>
            """, "text/html; charset=utf-8"));
        app.MapGet("/", () => Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Our course</title></head><body><h1>Our course</h1>{pastedHtml}</body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        return new EmbeddingSite(app, $"http://{host}:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
