namespace AdminPortal.E2E.Pages;

/// <summary>The staff page (/staff).</summary>
public sealed class StaffPage(IPage page)
{
    public ILocator Rows => page.Locator("[data-testid=staff-grid] tbody tr");
}
