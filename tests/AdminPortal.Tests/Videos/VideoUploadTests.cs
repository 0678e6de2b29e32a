using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Videos;

[Collection(FfmpegCollection.Name)]
public sealed class VideoUploadTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static string Sample(string name) =>
        Path.Combine(AppContext.BaseDirectory, name.EndsWith(".jpg", StringComparison.Ordinal) ? Path.Combine("Seed", "Samples") : "Fixtures", name);

    private string MediaFolder => Path.GetDirectoryName(factory.Service<MediaStore>().PathOf("probe"))!;

    private string[] MediaFiles() => Directory.GetFiles(MediaFolder).Order().ToArray();

    /// <summary>A signed-in browser with the anti-forgery token the videos page hands out.</summary>
    private async Task<(HttpClient Client, string Token)> SignedInAsync(string email)
    {
        var client = await SignIn.AsAsync(factory, email);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/videos");
        Assert.False(string.IsNullOrEmpty(token));
        return (client, token);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string? antiforgeryToken, byte[] file, string fileName,
        string? title = "Uploaded clip", byte[]? thumbnail = null)
    {
        using var content = new MultipartFormDataContent();
        if (title is not null)
        {
            content.Add(new StringContent(title), "title");
        }
        var filePart = new ByteArrayContent(file);
        filePart.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        content.Add(filePart, "file", fileName);
        if (thumbnail is not null)
        {
            var thumbPart = new ByteArrayContent(thumbnail);
            thumbPart.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(thumbPart, "thumbnail", "thumbnail.jpg");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = content };
        if (antiforgeryToken is not null)
        {
            request.Headers.Add("RequestVerificationToken", antiforgeryToken);
        }
        return await client.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Uploaded_mp4_is_processed_into_encrypted_hls_and_becomes_ready_with_duration_and_thumbnail()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Sample("product-demo.mp4"));
        var thumbnail = await File.ReadAllBytesAsync(Sample("product-demo.jpg"));

        var response = await UploadAsync(client, token, bytes, "product-demo.mp4", "  Product demo upload  ", thumbnail);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetString()!;
        var video = await factory.WaitUntilPackagedAsync(id);
        Assert.Equal("Product demo upload", video.Title);
        Assert.Equal(VideoStatus.Completed, video.Status);
        Assert.Equal(100, video.ProcessingPercent);
        Assert.Equal(12, video.DurationSeconds);
        Assert.Equal(bytes.Length, video.Bytes);
        Assert.Equal("video/mp4", video.ContentType);
        var media = factory.Service<MediaStore>();
        // The package replaces the upload: 360p only (the source is 360p), and the source file is gone.
        Assert.True(File.Exists(media.MasterPlaylist(id)));
        Assert.Equal(["360p"], Directory.GetDirectories(media.PackageFolder(id)).Select(Path.GetFileName).ToArray());
        Assert.False(media.Exists(video.MediaFile));
        var thumb = await client.GetAsync($"/thumbnails/{id}");
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal(thumbnail, await thumb.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(MediaFiles(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webm_fixture_is_accepted_and_title_defaults_to_the_file_name()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-vp9.webm"));

        var response = await UploadAsync(client, token, bytes, "tiny clip.webm", title: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("tiny clip", json.RootElement.GetProperty("title").GetString());
        Assert.False(json.RootElement.GetProperty("hasThumbnail").GetBoolean());
        await using var db = await factory.DbAsync();
        var video = await db.Videos.SingleAsync(v => v.Id == json.RootElement.GetProperty("id").GetString());
        Assert.Equal("video/webm", video.ContentType);
        Assert.True(video.DurationSeconds >= 1);
    }

    [Fact]
    public async Task Renamed_text_file_is_rejected_and_leaves_nothing_behind()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var before = MediaFiles();

        var response = await UploadAsync(client, token, "just some notes, not a video\n"u8.ToArray(), "lecture.mp4");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This file is not an MP4 or WebM video.", await DetailAsync(response));
        Assert.Equal(before, MediaFiles());
    }

    [Fact]
    public async Task Truncated_mp4_is_rejected_and_leaves_nothing_behind()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Sample("product-demo.mp4"));
        var before = MediaFiles();
        await using var countBefore = await factory.DbAsync();
        var videos = await countBefore.Videos.CountAsync();

        var response = await UploadAsync(client, token, bytes[..(bytes.Length / 2)], "half.mp4",
            thumbnail: await File.ReadAllBytesAsync(Sample("product-demo.jpg")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("truncated", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, MediaFiles());
        await using var db = await factory.DbAsync();
        Assert.Equal(videos, await db.Videos.CountAsync());
    }

    [Fact]
    public async Task Thumbnail_that_is_not_an_image_is_rejected()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var before = MediaFiles();

        var response = await UploadAsync(client, token, await File.ReadAllBytesAsync(Sample("product-demo.mp4")), "a.mp4",
            thumbnail: "<svg onload=alert(1)>"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JPEG or PNG", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, MediaFiles());
    }

    [Fact]
    public async Task Viewer_upload_is_403()
    {
        var viewer = await factory.StaffAsync(StaffRole.Viewer);
        var (client, token) = await SignedInAsync(viewer.Name);
        var before = MediaFiles();

        var response = await UploadAsync(client, token, await File.ReadAllBytesAsync(Sample("product-demo.mp4")), "a.mp4");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, MediaFiles());
    }

    [Fact]
    public async Task Anonymous_upload_is_refused()
    {
        var before = MediaFiles();

        var response = await UploadAsync(factory.Browser(), "whatever", await File.ReadAllBytesAsync(Sample("product-demo.mp4")), "a.mp4");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(before, MediaFiles());
    }

    [Fact]
    public async Task Upload_without_or_with_a_bad_antiforgery_token_is_refused()
    {
        var (client, _) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Sample("product-demo.mp4"));
        var before = MediaFiles();

        var missing = await UploadAsync(client, null, bytes, "a.mp4");
        var forged = await UploadAsync(client, "CfDJ8forged", bytes, "a.mp4");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("security token", await DetailAsync(missing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, MediaFiles());
    }

    [Theory]
    [InlineData(StaffRole.Viewer, false)]
    [InlineData(StaffRole.Editor, true)]
    [InlineData(StaffRole.Admin, true)]
    public async Task Upload_button_is_offered_only_to_editors_and_admins(StaffRole role, bool offered)
    {
        var member = await factory.StaffAsync(role);
        var client = await SignIn.AsAsync(factory, member.Name);

        var html = await client.GetStringAsync("/videos");

        Assert.Equal(offered, html.Contains("data-testid=\"video-upload\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Non_multipart_body_is_415()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(5000)]
    public async Task An_over_long_title_is_a_400_naming_the_title_not_replaced_by_the_file_name(int length)
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Sample("product-demo.mp4"));
        var before = MediaFiles();

        var response = await UploadAsync(client, token, bytes, "product-demo.mp4", new string('t', length));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("title", json.RootElement.GetProperty("field").GetString());
        Assert.Contains("200", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, MediaFiles());
    }

    [Fact]
    public async Task An_upload_cancelled_mid_transfer_leaves_no_file_and_no_video()
    {
        var (client, token) = await SignedInAsync(PortalFactory.AdminEmail);
        var bytes = await File.ReadAllBytesAsync(Sample("product-demo.mp4"));
        await using var db = await factory.DbAsync();
        var videosBefore = await db.Videos.CountAsync();
        var file = new StreamContent(new BreaksHalfwayStream(bytes));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var content = new MultipartFormDataContent { { new StringContent("Cut off"), "title" }, { file, "file", "cut.mp4" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);

        // The test server keeps waiting for the rest of the body after the stream fails; the connection dropping (a
        // closed tab) is what ends the request, so the client drops it too rather than waiting out its own timeout.
        using var dropped = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        dropped.CancelAfter(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(request, dropped.Token));

        // The server notices the broken body on its own schedule; its clean-up must follow. (Other tests' uploads are
        // packaged in the background meanwhile, so only the upload's own temporary file is looked for.)
        static bool Leftover(string f) => Path.GetFileName(f).StartsWith("upload-", StringComparison.Ordinal) && f.EndsWith(".tmp", StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (MediaFiles().Any(Leftover) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.DoesNotContain(MediaFiles(), Leftover);
        Assert.Equal(videosBefore, await db.Videos.CountAsync());
    }

    /// <summary>Sends the first half of a file, then fails like a browser tab closed mid-upload.</summary>
    private sealed class BreaksHalfwayStream(byte[] bytes) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= bytes.Length / 2)
            {
                throw new IOException("The connection was reset mid-upload.");
            }
            var n = Math.Min(Math.Min(count, 4096), bytes.Length / 2 - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
