namespace AdminPortal.Web.Staff;

/// <summary>The staff account rules in one place: names, link lifetimes, recovery codes, sign-in history.</summary>
public static class StaffRules
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(24);
    public const int RecoveryCodeCount = 10;
    public static readonly TimeSpan RememberBrowserFor = TimeSpan.FromDays(30);

    /// <summary>Sign-ins kept per member for "recent sign-ins"; older ended ones are pruned at the next sign-in.</summary>
    public const int SignInHistory = 20;
}
