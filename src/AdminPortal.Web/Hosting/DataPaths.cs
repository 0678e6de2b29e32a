using AdminPortal.Web.Videos;

namespace AdminPortal.Web.Hosting;

/// <summary>Absolute locations of everything the app keeps on disk, resolved once at start-up.</summary>
public sealed record DataPaths(string DataDirectory, string MediaRoot, string KeysDirectory)
{
    public static DataPaths Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AdminPortalOptions.Section).Get<AdminPortalOptions>() ?? new();
        var media = configuration.GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new();
        var dataDirectory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        var mediaRoot = Path.GetFullPath(media.Root, dataDirectory);
        var keys = Path.Combine(dataDirectory, "keys");
        return new DataPaths(dataDirectory, mediaRoot, keys);
    }

    public void EnsureFolders()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(MediaRoot);
        Directory.CreateDirectory(KeysDirectory);
    }
}
