namespace AdminPortal.E2E.Pages;

/// <summary>The Admin's audit log page.</summary>
public sealed class AuditLogPage(IPage page)
{
    public ILocator Actions => page.Locator("[data-testid=audit-entry-action]");

    public ILocator Export => page.Locator("[data-testid=audit-export]");
}
