using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Videos;

/// <summary>Packaging with the real ffmpeg: the ladder, the encryption, the durable job, and a server without ffmpeg.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class PackagingTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A few seconds of 720p test picture with a tone, made by ffmpeg itself.</summary>
    private static Task<string> Clip720pAsync() => ClipAsync("1280x720", 5);

    /// <summary>Test picture of <paramref name="size"/> with a tone; <paramref name="rotate"/> adds a phone's display rotation.</summary>
    private static async Task<string> ClipAsync(string size, int seconds, int? rotate = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-{size}-{Guid.NewGuid():N}.mp4");
        await FfmpegAsync("-f", "lavfi", "-i", $"testsrc=size={size}:rate=25:duration={seconds}", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path);
        if (rotate is { } degrees)
        {
            // The rotation is container metadata: set on a stream copy, as a phone writes it.
            var turned = Path.ChangeExtension(path, ".turned.mp4");
            await FfmpegAsync("-i", path, "-c", "copy", "-metadata:s:v:0", $"rotate={degrees}", turned);
            File.Move(turned, path, overwrite: true);
        }
        return path;
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-y" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
    }

    [Fact]
    public async Task A_720p_clip_becomes_a_720_480_360_ladder_of_encrypted_segments_that_only_its_key_opens()
    {
        var clip = await Clip720pAsync();
        var media = factory.Service<MediaStore>();
        var id = VideoIds.New();
        var (key, _) = factory.Service<VideoKeys>().New();
        var progress = new List<int>();
        SourceInfo source;
        try
        {
            source = await factory.Service<HlsPackager>().PackageAsync(id, clip, key, p => { progress.Add(p); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(clip);
        }

        Assert.Equal((1280, 720), (source.Width, source.Height));
        var folder = media.PackageFolder(id);
        Assert.Equal(["360p", "480p", "720p"], Directory.GetDirectories(folder).Select(Path.GetFileName).Order().ToArray());
        Assert.False(Directory.Exists(media.WorkFolder(id)));
        var master = await File.ReadAllTextAsync(media.MasterPlaylist(id));
        Assert.Contains("RESOLUTION=1280x720", master, StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=854x480", master, StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=640x360", master, StringComparison.Ordinal);
        Assert.Contains("mp4a.40.2", master, StringComparison.Ordinal); // the sound is kept
        Assert.NotEmpty(progress);
        Assert.Equal(progress.Order(), progress);

        var playlist = await File.ReadAllLinesAsync(Path.Combine(folder, "720p", HlsPackage.VariantPlaylist));
        Assert.Contains(HlsPackage.KeyPlaceholder, playlist);
        var segments = playlist.Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, segments.Count); // 5 s in segments of about 4 s
        var encrypted = await File.ReadAllBytesAsync(Path.Combine(folder, "720p", segments[0]));
        Assert.False(LooksLikeMpegTs(encrypted), "The segment is not encrypted.");
        Assert.DoesNotContain(Directory.GetFiles(folder, "*", SearchOption.AllDirectories), f => f.EndsWith(".key", StringComparison.Ordinal));

        using var aes = Aes.Create();
        aes.Key = key;
        var clear = aes.DecryptCbc(encrypted, HlsPackage.SequenceIv(0));
        Assert.All(Enumerable.Range(0, clear.Length / 188), i => Assert.Equal(0x47, clear[i * 188]));
        aes.Key = factory.Service<VideoKeys>().New().Key;
        var wrong = Record.Exception(() => aes.DecryptCbc(encrypted, HlsPackage.SequenceIv(0)));
        Assert.True(wrong is CryptographicException || aes.DecryptCbc(encrypted, HlsPackage.SequenceIv(0))[0] != 0x47
            || aes.DecryptCbc(encrypted, HlsPackage.SequenceIv(0))[188] != 0x47);
    }

    /// <summary>Plain MPEG-TS has its sync byte every 188 bytes; ciphertext has one at random (a single byte matches 1 time in 256).</summary>
    internal static bool LooksLikeMpegTs(byte[] bytes) => bytes.Length >= 8 * 188 && Enumerable.Range(0, 8).All(i => bytes[i * 188] == 0x47);

    [Fact]
    public void The_ladder_never_upscales_and_always_has_a_rendition()
    {
        Assert.Equal([1080, 720, 480, 360], HlsPackager.LadderFor(2160).Select(r => r.Height));
        Assert.Equal([720, 480, 360], HlsPackager.LadderFor(720).Select(r => r.Height));
        Assert.Equal([480, 360], HlsPackager.LadderFor(500).Select(r => r.Height));
        Assert.Equal([240], HlsPackager.LadderFor(240).Select(r => r.Height));
        Assert.Equal([142], HlsPackager.LadderFor(143).Select(r => r.Height));
    }

    [Fact]
    public async Task A_portrait_upload_keeps_its_9_16_picture_size_on_the_video()
    {
        var admin = await factory.AdminAsync();
        var clip = await ClipAsync("360x640", 2);
        var temp = factory.Service<MediaStore>().NewTempPath();
        File.Move(clip, temp);

        var added = await factory.Service<VideoService>().AddUploadedAsync(admin, "Upright", temp, null, TestContext.Current.CancellationToken);
        Assert.True(added.IsOk, added.Message);
        var video = await factory.WaitUntilPackagedAsync(added.Value!.Id);

        Assert.Equal(VideoStatus.Completed, video.Status);
        Assert.Equal((360, 640), (video.Width, video.Height));
        Assert.True(video.IsPortrait);
        // Every rendition stays upright.
        var master = await File.ReadAllTextAsync(factory.Service<MediaStore>().MasterPlaylist(video.Id), TestContext.Current.CancellationToken);
        var sizes = System.Text.RegularExpressions.Regex.Matches(master, @"RESOLUTION=(\d+)x(\d+)");
        Assert.NotEmpty(sizes);
        Assert.All(sizes, m => Assert.True(int.Parse(m.Groups[2].Value) > int.Parse(m.Groups[1].Value), m.Value));
    }

    [Fact]
    public async Task A_phone_clip_stored_landscape_with_a_quarter_turn_reads_as_portrait()
    {
        var clip = await ClipAsync("640x360", 1, rotate: 90);
        try
        {
            var source = await factory.Service<Ffmpeg>().InspectAsync(clip, TestContext.Current.CancellationToken);

            Assert.Equal((360, 640), (source!.Width, source.Height));
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task A_job_left_running_by_a_dead_process_is_finished_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));
        var id = VideoIds.New();
        await using (var first = new PortalFactory { DataDirectory = folder, KeepDataOnDispose = true })
        {
            var organization = await first.OrganizationAsync();
            var media = first.Service<MediaStore>();
            File.Copy(Fixture("product-demo.mp4"), media.PathOf(id + ".source.mp4"));
            // What a process killed mid-packaging leaves: the row still Processing at 40 %, and half a work folder.
            Directory.CreateDirectory(Path.Combine(media.WorkFolder(id), "360p"));
            await File.WriteAllTextAsync(Path.Combine(media.WorkFolder(id), "360p", "seg-00000.ts"), "half written");
            var protectedKey = first.Service<VideoKeys>().New().Protected;
            await first.DisposeAsync();
            await using var db = TestDatabase.Open(folder);
            db.Videos.Add(new Video
            {
                Id = id,
                OrganizationId = organization.Id,
                Title = "Interrupted",
                DurationSeconds = 12,
                Bytes = 1,
                MediaFile = id + ".source.mp4",
                ContentType = "video/mp4",
                Status = VideoStatus.Processing,
                ProcessingPercent = 40,
                ProtectedKey = protectedKey,
                CreatedAt = first.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var second = new PortalFactory { DataDirectory = folder };
        _ = second.Server;
        var video = await second.WaitUntilPackagedAsync(id);

        Assert.Equal(VideoStatus.Completed, video.Status);
        Assert.Equal((640, 360), (video.Width, video.Height)); // kept from what ffmpeg read at packaging
        var store = second.Service<MediaStore>();
        Assert.False(Directory.Exists(store.WorkFolder(id)));
        Assert.False(store.Exists(id + ".source.mp4"));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(store.PackageFolder(id), "360p"), "seg-*.ts").Length);
        // Uploaded without a poster: ffmpeg made one from the video.
        Assert.Equal(id + ".jpg", video.ThumbnailFile);
        Assert.Equal([0xFF, 0xD8, 0xFF], (await File.ReadAllBytesAsync(store.PathOf(video.ThumbnailFile!), TestContext.Current.CancellationToken))[..3]);
    }

    [Fact]
    public async Task A_damaged_file_fails_with_a_reason_and_leaves_no_package()
    {
        var admin = await factory.AdminAsync();
        var temp = factory.Service<MediaStore>().NewTempPath();
        var bytes = await File.ReadAllBytesAsync(Fixture("product-demo.mp4"));
        // Keep the boxes the upload check reads, but garble the picture data ffmpeg needs.
        for (var i = 4096; i < bytes.Length - 4096; i++)
        {
            bytes[i] = 0;
        }
        await File.WriteAllBytesAsync(temp, bytes, TestContext.Current.CancellationToken);
        var added = await factory.Service<VideoService>().AddUploadedAsync(admin, "Garbled", temp, null, TestContext.Current.CancellationToken);
        if (!added.IsOk)
        {
            return; // refused at upload already: fine too
        }

        var video = await factory.WaitUntilPackagedAsync(added.Value!.Id);

        Assert.True(video.Status is VideoStatus.Failed or VideoStatus.Completed);
        if (video.Status == VideoStatus.Failed)
        {
            Assert.False(string.IsNullOrWhiteSpace(video.FailureReason));
            Assert.False(Directory.Exists(factory.Service<MediaStore>().PackageFolder(video.Id)));
            Assert.False(Directory.Exists(factory.Service<MediaStore>().WorkFolder(video.Id)));
        }
    }
}

/// <summary>A server whose ffmpeg is missing: uploads are refused in plain words and nothing is stored.</summary>
public sealed class NoFfmpegTests(NoFfmpegFixture fixture) : IClassFixture<NoFfmpegFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Upload_without_ffmpeg_is_refused_clearly_and_stores_nothing()
    {
        var client = await SignIn.AsAsync(factory, PortalFactory.AdminEmail);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/videos");
        var mediaRoot = Path.GetDirectoryName(factory.Service<MediaStore>().PathOf("probe"))!;
        var before = Directory.GetFileSystemEntries(mediaRoot, "*", SearchOption.AllDirectories).Order().ToArray();
        await using var db = await factory.DbAsync();
        var videos = await db.Videos.CountAsync(TestContext.Current.CancellationToken);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent("No ffmpeg here"), "title");
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "product-demo.mp4")));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        content.Add(file, "file", "clip.mp4");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/videos/upload") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith("This server cannot process videos: ffmpeg", detail, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bin/ffmpeg", detail, StringComparison.Ordinal);
        Assert.Contains("Media:FfmpegPath", detail, StringComparison.Ordinal);
        Assert.Equal(videos, await db.Videos.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, Directory.GetFileSystemEntries(mediaRoot, "*", SearchOption.AllDirectories).Order().ToArray());
        Assert.Equal(detail, factory.Service<VideoService>().UploadProblem);
    }

    [Fact]
    public async Task The_seed_still_gives_playable_encrypted_samples_without_ffmpeg()
    {
        await using var db = await factory.DbAsync();
        var samples = await db.Videos.ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, samples.Count);
        Assert.All(samples, v =>
        {
            Assert.Equal(VideoStatus.Completed, v.Status);
            Assert.NotNull(v.ProtectedKey);
            Assert.Equal(12, v.DurationSeconds);
            Assert.Equal((640, 360), (v.Width, v.Height));
            var segment = Directory.GetFiles(Path.Combine(factory.Service<MediaStore>().PackageFolder(v.Id), "360p"), "seg-*.ts").Order().First();
            Assert.False(PackagingTests.LooksLikeMpegTs(File.ReadAllBytes(segment)), "The sample's segment is not encrypted.");
        });
        // Each sample has its own key.
        Assert.Equal(3, samples.Select(v => Convert.ToBase64String(factory.Service<VideoKeys>().Unprotect(v.ProtectedKey!))).Distinct().Count());
    }
}
