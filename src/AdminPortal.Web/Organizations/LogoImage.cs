using System.Buffers.Binary;
using System.Text;

namespace AdminPortal.Web.Organizations;

/// <summary>What an uploaded logo is, judged by its bytes (never by its name or the browser's word): PNG, JPEG or WebP, and its size in pixels.</summary>
public sealed record LogoImage(string ContentType, int Width, int Height)
{
    public const int MaxBytes = 512 * 1024;
    public const int MaxPixels = 2000;

    /// <summary>The image's type and size, or the reason it is refused.</summary>
    public static (LogoImage? Image, string? Problem) Inspect(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxBytes)
        {
            return (null, $"The logo is {data.Length / 1024:N0} KB; at most {MaxBytes / 1024} KB.");
        }
        var image = Png(data) ?? Jpeg(data) ?? WebP(data);
        if (image is null)
        {
            return (null, LooksLikeSvg(data)
                ? "SVG logos are not accepted (they can carry scripts); upload a PNG, JPEG or WebP."
                : "This is not a PNG, JPEG or WebP image (whatever its name says).");
        }
        if (image.Width is < 1 or > MaxPixels || image.Height is < 1 or > MaxPixels)
        {
            return (null, $"The logo is {image.Width} × {image.Height} px; at most {MaxPixels} px on each side.");
        }
        return (image, null);
    }

    private static LogoImage? Png(ReadOnlySpan<byte> d) =>
        d.Length >= 24 && d[..8].SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && d[12..16].SequenceEqual("IHDR"u8)
            ? new LogoImage("image/png", (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(d[16..])), (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(d[20..])))
            : null;

    private static LogoImage? Jpeg(ReadOnlySpan<byte> d)
    {
        if (d.Length < 4 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF)
        {
            return null;
        }
        var i = 2;
        while (i + 3 < d.Length)
        {
            if (d[i] != 0xFF)
            {
                return null;
            }
            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            // Start of frame (any coding but the DHT/JPG/DAC markers that share the range) holds the size.
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return i + 9 <= d.Length
                    ? new LogoImage("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]))
                    : null;
            }
            if (marker is 0xD9 or 0xDA || length < 2)
            {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    private static LogoImage? WebP(ReadOnlySpan<byte> d)
    {
        if (d.Length < 30 || !d[..4].SequenceEqual("RIFF"u8) || !d[8..12].SequenceEqual("WEBP"u8))
        {
            return null;
        }
        var chunk = d[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && d[23] == 0x9D && d[24] == 0x01 && d[25] == 0x2A)
        {
            return new LogoImage("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8) && d[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            return new LogoImage("image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return new LogoImage("image/webp", (d[24] | d[25] << 8 | d[26] << 16) + 1, (d[27] | d[28] << 8 | d[29] << 16) + 1);
        }
        return null;
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> data)
    {
        var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || (head.StartsWith('<') && head.Contains("<svg", StringComparison.OrdinalIgnoreCase));
    }
}
