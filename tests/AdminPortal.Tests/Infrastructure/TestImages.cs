using System.Buffers.Binary;
using System.IO.Compression;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>Real image files made in memory, so upload checks are tested on what browsers and editors produce.</summary>
public static class TestImages
{
    /// <summary>A valid RGB PNG; <paramref name="noise"/> fills it with random pixels stored uncompressed (a big file).</summary>
    public static byte[] Png(int width, int height, bool noise = false)
    {
        var raw = new byte[(width * 3 + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (width * 3 + 1), width * 3 + 1);
            if (noise)
            {
                Random.Shared.NextBytes(row[1..]);
            }
            else
            {
                for (var x = 0; x < width; x++)
                {
                    row[1 + x * 3] = 0xE5; // a red logo
                    row[2 + x * 3] = 0x39;
                    row[3 + x * 3] = 0x35;
                }
            }
            row[0] = 0; // no filter
        }
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, noise ? CompressionLevel.NoCompression : CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The first bytes of a baseline JPEG of the given size: SOI, an APP0 segment, then SOF0.</summary>
    public static byte[] JpegHeader(int width, int height)
    {
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        bytes.AddRange("JFIF\0"u8.ToArray());
        bytes.AddRange(new byte[9]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange(new byte[9]);
        return bytes.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
