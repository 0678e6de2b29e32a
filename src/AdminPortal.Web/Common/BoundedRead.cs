namespace AdminPortal.Web.Common;

/// <summary>Reading a request part into memory without trusting its declared length.</summary>
public static class BoundedRead
{
    /// <summary>The whole stream, or null as soon as it runs past <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
