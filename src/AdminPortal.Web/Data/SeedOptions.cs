namespace AdminPortal.Web.Data;

/// <summary>The Development seed: an organization, its first Admin and sample videos. Absent outside Development.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public string? OrganizationCode { get; set; }
    public string? OrganizationName { get; set; }
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public bool SampleVideos { get; set; } = true;
}
