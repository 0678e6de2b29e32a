namespace AdminPortal.Web.Operators;

/// <summary>The first platform operator, from configuration (environment variables <c>Bootstrap__OperatorEmail</c>, ...).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? OperatorEmail { get; set; }
    public string? OperatorPassword { get; set; }

    /// <summary>
    /// When true, an existing operator with <see cref="OperatorEmail"/> gets <see cref="OperatorPassword"/> at start and
    /// is signed out everywhere: the way back in after a lost password. Off by default, so a password changed in the app
    /// is not silently put back by a restart.
    /// </summary>
    public bool ResetOperatorPassword { get; set; }
}
