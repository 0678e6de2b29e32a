using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Videos;

/// <summary>One rung of the ladder: picture height and the video bit rate it is capped at.</summary>
public sealed record Rendition(int Height, int KilobitsPerSecond)
{
    public string Name => $"{Height}p";
}

public sealed class PackagingFailedException(string message) : Exception(message);

/// <summary>
/// Turns a source file into an encrypted HLS package: ffmpeg writes the ladder's clear 4-second MPEG-TS segments into a
/// work folder, <see cref="HlsPackage.Encrypt"/> encrypts them, and the folder is moved into place in one step, so a
/// reader never sees half a package.
/// </summary>
public sealed class HlsPackager(Ffmpeg ffmpeg, MediaStore media, IOptions<MediaOptions> options)
{
    public const int SegmentSeconds = 4;

    private static readonly Rendition[] Ladder = [new(1080, 5000), new(720, 2800), new(480, 1400), new(360, 800)];

    /// <summary>The ladder for a source: never above its height, and at least one rendition.</summary>
    public static IReadOnlyList<Rendition> LadderFor(int sourceHeight)
    {
        var rungs = Ladder.Where(r => r.Height <= sourceHeight).ToList();
        return rungs.Count > 0 ? rungs : [new Rendition(Math.Max(2, sourceHeight / 2 * 2), 600)];
    }

    /// <summary>Packages the source and answers what ffmpeg read of it (its picture size is kept on the video).</summary>
    public async Task<SourceInfo> PackageAsync(string videoId, string source, byte[] key, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        var work = media.WorkFolder(videoId);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true); // left by an interrupted run: start over
        }
        Directory.CreateDirectory(work);
        try
        {
            var info = await ffmpeg.InspectAsync(source, cancellationToken)
                ?? throw new PackagingFailedException("ffmpeg found no video picture in the file.");
            var ladder = LadderFor(info.Height);
            await RunAsync(Arguments(source, work, ladder, info.HasAudio), info.DurationSeconds, progress, cancellationToken);
            HlsPackage.Encrypt(work, key);
            HlsPackage.MoveIntoPlace(work, media.PackageFolder(videoId));
            return info;
        }
        catch
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
            throw;
        }
    }

    private List<string> Arguments(string source, string work, IReadOnlyList<Rendition> ladder, bool hasAudio)
    {
        var split = $"[0:v]split={ladder.Count}" + string.Concat(ladder.Select((_, i) => $"[s{i}]")) + ";"
            + string.Join(';', ladder.Select((r, i) => $"[s{i}]scale=-2:{r.Height}[v{i}]"));
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats",
            "-i", source, "-filter_complex", split, "-filter_complex_threads", "1",
        };
        for (var i = 0; i < ladder.Count; i++)
        {
            args.AddRange(["-map", $"[v{i}]"]);
            if (hasAudio)
            {
                args.AddRange(["-map", "0:a:0"]);
            }
        }
        args.AddRange([
            "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p", "-crf", "23", "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{SegmentSeconds})",
            "-threads", Math.Clamp(options.Value.FfmpegThreads, 1, 16).ToString(CultureInfo.InvariantCulture),
        ]);
        for (var i = 0; i < ladder.Count; i++)
        {
            var rate = ladder[i].KilobitsPerSecond;
            args.AddRange([$"-maxrate:v:{i}", $"{rate}k", $"-bufsize:v:{i}", $"{rate * 2}k"]);
        }
        if (hasAudio)
        {
            args.AddRange(["-c:a", "aac", "-b:a", "128k", "-ac", "2"]);
        }
        var streams = string.Join(' ', ladder.Select((r, i) => hasAudio ? $"v:{i},a:{i},name:{r.Name}" : $"v:{i},name:{r.Name}"));
        args.AddRange([
            "-f", "hls", "-hls_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-hls_playlist_type", "vod",
            "-hls_flags", "independent_segments",
            "-hls_segment_filename", Path.Combine(work, "%v", "seg-%05d.ts"),
            "-master_pl_name", HlsPackage.MasterPlaylist, "-var_stream_map", streams,
            Path.Combine(work, "%v", HlsPackage.VariantPlaylist),
        ]);
        return args;
    }

    private async Task RunAsync(List<string> arguments, double duration, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffmpeg.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new PackagingFailedException("ffmpeg could not be started.");
        try
        {
            // Below the portal's own threads, so pages and players stay quick while a video packages.
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
        }
        var errors = new StringBuilder();
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (errors.Length < 4000)
                {
                    errors.AppendLine(line);
                }
            }
        }, CancellationToken.None);
        try
        {
            var reported = -1;
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                // "-progress" reports the encoded position as out_time_us (microseconds) several times a second.
                if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan("out_time_us=".Length), CultureInfo.InvariantCulture, out var micros) && duration > 0)
                {
                    var percent = (int)Math.Clamp(micros / 1e6 / duration * 100, 0, 99);
                    if (percent > reported)
                    {
                        reported = percent;
                        await progress(percent);
                    }
                }
            }
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await stderr;
        if (process.ExitCode != 0)
        {
            var detail = errors.ToString().Trim().Split('\n').LastOrDefault()?.Trim();
            throw new PackagingFailedException("ffmpeg could not convert this video" + (string.IsNullOrEmpty(detail) ? "." : $": {detail}"));
        }
    }
}
