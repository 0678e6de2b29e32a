using MudBlazor;

namespace AdminPortal.Web.Components.Shared;

public static class DataGridExtensions
{
    /// <summary>After a new search or filter, page 3 of the old results means nothing: start again at page 1.</summary>
    public static async Task ReloadFromFirstPageAsync<T>(this MudDataGrid<T> grid)
    {
        if (grid.CurrentPage != 0)
        {
            grid.NavigateTo(Page.First);
        }
        await grid.ReloadServerData();
    }
}
