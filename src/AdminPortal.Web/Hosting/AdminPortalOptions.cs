namespace AdminPortal.Web.Hosting;

public sealed class AdminPortalOptions
{
    public const string Section = "AdminPortal";

    /// <summary>Folder for the database, media and keys; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Absolute base URL for links handed out (playback URLs, API links). Empty: taken from each request.</summary>
    public string? PublicBaseUrl { get; set; }
}
