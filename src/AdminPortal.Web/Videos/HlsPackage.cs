using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AdminPortal.Web.Videos;

/// <summary>
/// The on-disk HLS package and its encryption: clear MPEG-TS segments become AES-128-CBC (PKCS7) segments whose IV is
/// the segment's media sequence number, as HLS specifies when EXT-X-KEY names no IV. One code path for uploads
/// (ffmpeg's output) and the seed (segments shipped clear in the repository).
/// </summary>
public static class HlsPackage
{
    public const string MasterPlaylist = "master.m3u8";
    public const string VariantPlaylist = "index.m3u8";

    /// <summary>The key line's placeholder URI; the playlist endpoint replaces it with the session's key URL.</summary>
    public const string KeyPlaceholder = "#EXT-X-KEY:METHOD=AES-128,URI=\"key\"";

    /// <summary>Encrypts every rendition's segments in <paramref name="folder"/> in place and adds the key line to each playlist.</summary>
    public static void Encrypt(string folder, byte[] key)
    {
        var variants = Directory.GetDirectories(folder).Where(d => MediaStore.RenditionName().IsMatch(Path.GetFileName(d))).ToList();
        if (variants.Count == 0 || !File.Exists(Path.Combine(folder, MasterPlaylist)))
        {
            throw new InvalidDataException("The HLS package has no master playlist or renditions.");
        }
        using var aes = Aes.Create();
        aes.Key = key;
        foreach (var variant in variants)
        {
            var playlist = Path.Combine(variant, VariantPlaylist);
            var lines = File.ReadAllLines(playlist).ToList();
            if (lines.Contains(KeyPlaceholder))
            {
                throw new InvalidDataException("The HLS package is already encrypted.");
            }
            var sequence = lines.Where(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
                .Select(l => long.Parse(l["#EXT-X-MEDIA-SEQUENCE:".Length..], System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            foreach (var segment in lines.Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var path = Path.Combine(variant, segment);
                File.WriteAllBytes(path, aes.EncryptCbc(File.ReadAllBytes(path), SequenceIv(sequence++)));
            }
            lines.Insert(lines.FindIndex(l => l.StartsWith("#EXTINF", StringComparison.Ordinal)), KeyPlaceholder);
            File.WriteAllLines(playlist, lines);
        }
    }

    /// <summary>The IV HLS implies for a segment: its media sequence number as a 128-bit big-endian integer.</summary>
    public static byte[] SequenceIv(long sequence)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(iv.AsSpan(8), sequence);
        return iv;
    }

    /// <summary>Copies a folder tree (the seed's clear package) into a new folder.</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Moves a finished work folder into place in one step, replacing an older package.</summary>
    public static void MoveIntoPlace(string work, string final)
    {
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }
        Directory.Move(work, final);
    }
}
