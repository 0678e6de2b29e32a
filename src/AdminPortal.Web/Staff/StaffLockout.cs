namespace AdminPortal.Web.Staff;

/// <summary>
/// The two kinds of lockout. Failed sign-ins lock an account for minutes (Identity's lockout); an Admin's lock has no
/// end. Only the Admin's lock stops the account's API keys: otherwise anyone who knows an e-mail could stop an
/// organization's token minting with five wrong passwords.
/// </summary>
public static class StaffLockout
{
    /// <summary>The lockout end an Admin's lock sets.</summary>
    public static readonly DateTimeOffset ByAdmin = DateTimeOffset.MaxValue;

    public static bool IsLockedByAdmin(DateTimeOffset? lockoutEnd) => lockoutEnd == ByAdmin;
}
