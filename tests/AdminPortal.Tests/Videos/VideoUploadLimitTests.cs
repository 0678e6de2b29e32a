using System.Net;
using System.Net.Http.Headers;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Videos;
using Microsoft.AspNetCore.Hosting;

namespace AdminPortal.Tests.Videos;

/// <summary>The app with a tiny upload limit, so an oversize upload is cheap to send.</summary>
public sealed class SmallUploadPortalFactory : PortalFactory
{
    public const long Limit = 50_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Media:MaxUploadBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class VideoUploadLimitTests : IAsyncLifetime
{
    private readonly SmallUploadPortalFactory factory = new();

    public ValueTask InitializeAsync()
    {
        _ = factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Upload_over_the_configured_size_is_413_and_leaves_nothing_behind()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/videos");
        var folder = Path.GetDirectoryName(factory.Service<MediaStore>().PathOf("probe"))!;
        var before = Directory.GetFiles(folder).Order().ToArray();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "Samples", "product-demo.mp4"));
        Assert.True(bytes.Length > SmallUploadPortalFactory.Limit);
        using var content = new MultipartFormDataContent
        {
            { new StringContent("Too big"), "title" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } }, "file", "big.mp4" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(folder).Order().ToArray());
    }
}
