using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Videos;

/// <summary>What ffmpeg saw in a source file.</summary>
public sealed record SourceInfo(int Width, int Height, bool HasAudio, double DurationSeconds);

/// <summary>Finds and runs ffmpeg (<c>Media:FfmpegPath</c>). Whether it is there is asked once per process.</summary>
public sealed partial class Ffmpeg(IOptions<MediaOptions> options, ILogger<Ffmpeg> logger)
{
    private readonly Lazy<string?> problem = new(() => Check(options.Value.FfmpegPath, logger));

    public string Path => options.Value.FfmpegPath;

    /// <summary>Null when ffmpeg runs; else why the server cannot process videos, in plain words.</summary>
    public string? Problem => problem.Value;

    public bool IsAvailable => Problem is null;

    private static string? Check(string path, ILogger logger)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, "-hide_banner -version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000) || process.ExitCode != 0)
            {
                return $"ffmpeg at \"{path}\" did not run correctly.";
            }
            return null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            logger.LogWarning("ffmpeg not found at {Path}: uploads are refused until it is installed", path);
            return $"ffmpeg, which packages videos for streaming, was not found at \"{path}\". Install ffmpeg or set Media:FfmpegPath.";
        }
    }

    /// <summary>Reads the source's picture size and whether it has sound, from ffmpeg's own description of the file.</summary>
    public async Task<SourceInfo?> InspectAsync(string source, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-i", source })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var text = await process.StandardError.ReadToEndAsync(cancellationToken);
        await stdout;
        await process.WaitForExitAsync(cancellationToken);
        var video = VideoStream().Match(text);
        if (!video.Success)
        {
            return null;
        }
        var duration = DurationLine().Match(text);
        var seconds = duration.Success
            ? TimeSpan.ParseExact(duration.Groups[1].Value, @"hh\:mm\:ss\.ff", CultureInfo.InvariantCulture).TotalSeconds
            : 0;
        var width = int.Parse(video.Groups[1].Value, CultureInfo.InvariantCulture);
        var height = int.Parse(video.Groups[2].Value, CultureInfo.InvariantCulture);
        // A phone filming upright stores a landscape picture and a quarter turn; ffmpeg turns it when packaging, so the size is the turned one.
        if (DisplayRotation().Match(text) is { Success: true } rotation
            && Math.Abs(Math.Round(double.Parse(rotation.Groups[1].Value, CultureInfo.InvariantCulture))) % 180 == 90)
        {
            (width, height) = (height, width);
        }
        return new SourceInfo(width, height, AudioStream().IsMatch(text), seconds);
    }

    /// <summary>Writes one JPEG frame from about a second in, 360 px high, as the video's poster; false when ffmpeg could not.</summary>
    public async Task<bool> ThumbnailAsync(string source, string target, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-ss", "1", "-i", source,
                     "-frames:v", "1", "-vf", "scale=-2:360", "-q:v", "4", target })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.StandardError.ReadToEndAsync(cancellationToken);
        await stdout;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && File.Exists(target) && new FileInfo(target).Length > 0;
    }

    [GeneratedRegex(@"Stream #\d+:\d+.*?: Video: .*?, (\d{2,5})x(\d{2,5})")]
    private static partial Regex VideoStream();

    [GeneratedRegex(@"Stream #\d+:\d+.*?: Audio: ")]
    private static partial Regex AudioStream();

    [GeneratedRegex(@"Duration: (\d\d:\d\d:\d\d\.\d\d)")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"displaymatrix: rotation of (-?\d+(?:\.\d+)?) degrees")]
    private static partial Regex DisplayRotation();
}
