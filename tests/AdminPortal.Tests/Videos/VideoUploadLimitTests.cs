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

public sealed class SmallUploadFixture : IAsyncLifetime
{
    public SmallUploadPortalFactory Factory { get; } = new();

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class VideoUploadLimitTests(SmallUploadFixture fixture) : IClassFixture<SmallUploadFixture>
{
    private readonly SmallUploadPortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Upload_over_the_configured_size_is_413_and_leaves_nothing_behind()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/videos");
        var folder = Path.GetDirectoryName(factory.Service<MediaStore>().PathOf("probe"))!;
        var before = Directory.GetFiles(folder).Order().ToArray();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "product-demo.mp4"));
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

    [Fact]
    public async Task Streamed_upload_without_a_length_is_cut_off_at_the_limit_and_leaves_nothing_behind()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/videos");
        var folder = Path.GetDirectoryName(factory.Service<MediaStore>().PathOf("probe"))!;
        var before = Directory.GetFiles(folder).Order().ToArray();
        var file = new StreamContent(new UnknownLengthStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "product-demo.mp4"))));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var content = new MultipartFormDataContent { { new StringContent("Too big"), "title" }, { file, "file", "big.mp4" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, Directory.GetFiles(folder).Order().ToArray());
    }

    /// <summary>Hides the length, so the body goes out chunked and only the server's own count can stop it.</summary>
    private sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
