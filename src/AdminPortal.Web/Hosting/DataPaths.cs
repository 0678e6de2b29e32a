using AdminPortal.Web.Videos;
using Microsoft.Data.Sqlite;

namespace AdminPortal.Web.Hosting;

/// <summary>Absolute locations of everything the app keeps on disk, resolved once at start-up.</summary>
public sealed record DataPaths(string DataDirectory, string MediaRoot, string KeysDirectory, string ConnectionString)
{
    public static DataPaths Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AdminPortalOptions.Section).Get<AdminPortalOptions>() ?? new();
        var media = configuration.GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new();
        var dataDirectory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        var mediaRoot = Path.GetFullPath(media.Root, dataDirectory);
        var keys = Path.Combine(dataDirectory, "keys");

        var connection = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString("AdminPortal") ?? "Data Source=adminportal.db");
        if (connection.DataSource != ":memory:" && !connection.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            connection.DataSource = Path.GetFullPath(connection.DataSource, dataDirectory);
        }

        return new DataPaths(dataDirectory, mediaRoot, keys, connection.ToString());
    }

    public void EnsureFolders()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(MediaRoot);
        Directory.CreateDirectory(KeysDirectory);
        var database = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (Path.GetDirectoryName(database) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }
}
