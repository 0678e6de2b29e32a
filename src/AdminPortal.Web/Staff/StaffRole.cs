namespace AdminPortal.Web.Staff;

/// <summary>The one role each staff member holds. Names are the Identity role names.</summary>
public enum StaffRole
{
    Viewer,
    Editor,
    Admin,
}

public static class StaffRoles
{
    public const string Admin = nameof(StaffRole.Admin);
    public const string Editor = nameof(StaffRole.Editor);
    public const string Viewer = nameof(StaffRole.Viewer);

    /// <summary>Roles that may change videos and tokens.</summary>
    public const string EditorOrAdmin = Editor + "," + Admin;

    public static IReadOnlyList<StaffRole> All { get; } = [StaffRole.Admin, StaffRole.Editor, StaffRole.Viewer];
}
