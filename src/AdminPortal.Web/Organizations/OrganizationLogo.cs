namespace AdminPortal.Web.Organizations;

/// <summary>
/// The organization's logo for watermarks. Kept in the database (at most 512 KB), so every server behind a load
/// balancer serves the same one and nothing sits in a public folder.
/// </summary>
public sealed class OrganizationLogo
{
    public int OrganizationId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Data { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>Bumped on every upload; part of the image's URL, so a player never shows a replaced logo from its cache.</summary>
    public int Version { get; set; }
    public DateTime UploadedAt { get; set; }
}
