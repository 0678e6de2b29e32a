namespace AdminPortal.Web.Tokens;

/// <summary>A named set of watermark annotations the organization reuses; at most one is its default for API-created tokens.</summary>
public sealed class WatermarkPreset
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public List<Annotation> Annotations { get; set; } = [];

    /// <summary>Tokens created through the API with no "annotations" field get this preset's annotations.</summary>
    public bool IsDefault { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
    public required string CreatedBy { get; set; }
}
