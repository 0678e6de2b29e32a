using System.Buffers.Binary;
using System.Text;

namespace AdminPortal.Web.Videos;

/// <summary>What the probe learned from a file's bytes.</summary>
public sealed record ProbeResult(bool IsValid, string? ContentType, int DurationSeconds, string? Error)
{
    public static ProbeResult Fail(string error) => new(false, null, 0, error);
}

/// <summary>
/// Recognises MP4 and WebM by their bytes (never the file name), checks the file is complete and reads its duration.
/// Only box and element headers are read, so a 2 GB file costs a few kilobytes of I/O.
/// </summary>
public static class VideoProbe
{
    private static readonly HashSet<string> PlayableMp4Video = ["avc1", "avc3", "vp09", "av01"];

    public static ProbeResult Probe(string path)
    {
        try
        {
            return ProbeFile(path);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            // Whatever the parser trips over in a forged or damaged file is the file's fault, not a server error.
            return ProbeResult.Fail("The video file is damaged.");
        }
    }

    private static ProbeResult ProbeFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        Span<byte> head = stackalloc byte[12];
        if (stream.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12)
        {
            return ProbeResult.Fail("The file is too small to be a video.");
        }
        stream.Position = 0;
        if (head[4..8].SequenceEqual("ftyp"u8))
        {
            return ProbeMp4(stream);
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(head) == 0x1A45DFA3)
        {
            return ProbeWebm(stream);
        }
        return ProbeResult.Fail("This file is not an MP4 or WebM video.");
    }

    private static ProbeResult ProbeMp4(FileStream stream)
    {
        long length = stream.Length;
        long position = 0;
        bool hasMdat = false;
        ProbeResult? movie = null;
        while (position < length)
        {
            if (!TryReadBoxHeader(stream, position, length, out var type, out var size, out var headerSize))
            {
                return ProbeResult.Fail("The MP4 file is truncated or damaged.");
            }
            if (type == "mdat")
            {
                hasMdat = true;
            }
            else if (type == "moov")
            {
                if (size > 64 * 1024 * 1024)
                {
                    return ProbeResult.Fail("The MP4 file's index is too large.");
                }
                var moov = new byte[size - headerSize];
                stream.Position = position + headerSize;
                stream.ReadExactly(moov);
                movie = ReadMovie(moov);
            }
            position += size;
        }
        if (movie is null || !hasMdat)
        {
            return ProbeResult.Fail("The MP4 file has no playable movie data; it may be truncated.");
        }
        return movie;
    }

    /// <summary>Longest video accepted: the duration also bounds how long a signed media URL lives.</summary>
    public const int MaxDurationSeconds = 24 * 60 * 60;

    private static ProbeResult WithDuration(string contentType, double seconds) =>
        seconds is > 0 and <= MaxDurationSeconds
            ? new ProbeResult(true, contentType, (int)Math.Ceiling(seconds), null)
            : ProbeResult.Fail("The video's length is not plausible (more than 24 hours); the file may be damaged.");

    private static bool TryReadBoxHeader(FileStream stream, long position, long end, out string type, out long size, out int headerSize)
    {
        Span<byte> header = stackalloc byte[16];
        type = "";
        size = 0;
        headerSize = 8;
        stream.Position = position;
        if (end - position < 8 || stream.ReadAtLeast(header[..8], 8, throwOnEndOfStream: false) < 8)
        {
            return false;
        }
        size = BinaryPrimitives.ReadUInt32BigEndian(header);
        type = Encoding.ASCII.GetString(header[4..8]);
        if (size == 1)
        {
            if (stream.ReadAtLeast(header[8..16], 8, throwOnEndOfStream: false) < 8)
            {
                return false;
            }
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            headerSize = 16;
        }
        else if (size == 0)
        {
            size = end - position;
        }
        // Compared as a difference: a forged 64-bit size must not overflow.
        return size >= headerSize && size <= end - position;
    }

    private static ProbeResult ReadMovie(ReadOnlySpan<byte> moov)
    {
        long timescale = 0, duration = 0;
        var codecs = new List<string>();
        Walk(moov, ref timescale, ref duration, codecs, depth: 0);
        if (timescale <= 0 || duration <= 0)
        {
            return ProbeResult.Fail("The MP4 file does not say how long it is.");
        }
        if (!codecs.Any(PlayableMp4Video.Contains))
        {
            return ProbeResult.Fail("The MP4 file has no H.264, VP9 or AV1 video track that browsers can play.");
        }
        return WithDuration("video/mp4", (double)duration / timescale);
    }

    private static void Walk(ReadOnlySpan<byte> data, ref long timescale, ref long duration, List<string> codecs, int depth)
    {
        // trak/mdia/minf/stbl nest four deep; a deeper file is forged and must not exhaust the stack.
        if (depth > 8)
        {
            return;
        }
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[offset..]), int.MaxValue);
            var type = Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            if (size < 8 || size > data.Length - offset)
            {
                return;
            }
            var body = data.Slice(offset + 8, size - 8);
            switch (type)
            {
                case "trak" or "mdia" or "minf" or "stbl":
                    Walk(body, ref timescale, ref duration, codecs, depth + 1);
                    break;
                case "mvhd" when body.Length >= 32:
                    if (body[0] == 1)
                    {
                        timescale = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
                        duration = (long)BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
                    }
                    else
                    {
                        timescale = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
                        duration = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
                    }
                    break;
                case "stsd" when body.Length >= 16:
                    // version/flags (4), entry count (4), then the first sample entry: size (4), format (4).
                    codecs.Add(Encoding.ASCII.GetString(body.Slice(12, 4)));
                    break;
            }
            offset += size;
        }
    }

    private static ProbeResult ProbeWebm(FileStream stream)
    {
        long length = stream.Length;
        // EBML header: check the doc type.
        if (!TryReadElement(stream, out var id, out var size) || id != 0x1A45DFA3 || size is null or > 1024)
        {
            return ProbeResult.Fail("The WebM file is damaged.");
        }
        var header = new byte[size.Value];
        stream.ReadExactly(header);
        if (!Encoding.ASCII.GetString(header).Contains("webm", StringComparison.Ordinal))
        {
            return ProbeResult.Fail("This Matroska file is not a WebM video.");
        }

        if (!TryReadElement(stream, out id, out var segmentSize) || id != 0x18538067)
        {
            return ProbeResult.Fail("The WebM file has no segment; it may be truncated.");
        }
        var segmentStart = stream.Position;
        var segmentEnd = segmentSize is null ? length : segmentStart + segmentSize.Value;
        if (segmentEnd > length)
        {
            return ProbeResult.Fail("The WebM file is truncated.");
        }

        long timecodeScale = 1_000_000;
        double? duration = null;
        bool hasCluster = false;
        while (stream.Position < segmentEnd && TryReadElement(stream, out id, out size))
        {
            if (id == 0x1549A966 && size is { } infoSize && infoSize < 1024 * 1024)
            {
                var info = new byte[infoSize];
                stream.ReadExactly(info);
                ReadInfo(info, ref timecodeScale, ref duration);
                continue;
            }
            if (id == 0x1F43B675)
            {
                hasCluster = true;
                break;
            }
            if (size is null || stream.Position + size > segmentEnd)
            {
                break;
            }
            stream.Position += size.Value;
        }
        if (!hasCluster)
        {
            return ProbeResult.Fail("The WebM file has no video data; it may be truncated.");
        }
        if (duration is not > 0)
        {
            return ProbeResult.Fail("The WebM file does not say how long it is.");
        }
        return WithDuration("video/webm", duration.Value * timecodeScale / 1_000_000_000d);
    }

    private static void ReadInfo(ReadOnlySpan<byte> info, ref long timecodeScale, ref double? duration)
    {
        var offset = 0;
        while (offset < info.Length)
        {
            if (!TryReadVint(info[offset..], keepMarker: true, out var id, out var idLength)
                || !TryReadVint(info[(offset + idLength)..], keepMarker: false, out var size, out var sizeLength))
            {
                return;
            }
            var start = offset + idLength + sizeLength;
            if (start + size > info.Length)
            {
                return;
            }
            var body = info.Slice(start, (int)size);
            if (id == 0x2AD7B1)
            {
                timecodeScale = ReadUnsigned(body);
            }
            else if (id == 0x4489)
            {
                duration = body.Length switch
                {
                    4 => BinaryPrimitives.ReadSingleBigEndian(body),
                    8 => BinaryPrimitives.ReadDoubleBigEndian(body),
                    _ => null,
                };
            }
            offset = start + (int)size;
        }
    }

    private static long ReadUnsigned(ReadOnlySpan<byte> body)
    {
        long value = 0;
        foreach (var b in body)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private static bool TryReadElement(FileStream stream, out long id, out long? size)
    {
        Span<byte> buffer = stackalloc byte[12];
        var start = stream.Position;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        size = null;
        if (!TryReadVint(buffer[..read], keepMarker: true, out id, out var idLength)
            || !TryReadVint(buffer[idLength..read], keepMarker: false, out var value, out var sizeLength))
        {
            return false;
        }
        // All ones means "unknown size" (live streams).
        var unknown = value == (1L << (7 * sizeLength)) - 1;
        size = unknown ? null : value;
        stream.Position = start + idLength + sizeLength;
        return true;
    }

    private static bool TryReadVint(ReadOnlySpan<byte> data, bool keepMarker, out long value, out int length)
    {
        value = 0;
        length = 0;
        if (data.IsEmpty || data[0] == 0)
        {
            return false;
        }
        length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[0]) - 23;
        if (length > 8 || data.Length < length)
        {
            return false;
        }
        value = keepMarker ? data[0] : data[0] & (0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[i];
        }
        return true;
    }
}
