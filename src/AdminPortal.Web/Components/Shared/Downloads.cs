using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Web.Components.Shared;

/// <summary>
/// Hands the browser a file built in the circuit (e.g. the CSV of tokens just created), as a blob: nothing is stored
/// and no URL exists that someone else could fetch.
/// </summary>
public sealed class Downloads(IJSRuntime js, ISnackbar snackbar)
{
    public async Task SaveAsync(string fileName, string contentType, byte[] content)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/download.js");
            using var stream = new MemoryStream(content);
            using var reference = new DotNetStreamReference(stream, leaveOpen: false);
            await module.InvokeVoidAsync("save", fileName, contentType, reference);
        }
        catch (JSException)
        {
            snackbar.Add("The browser refused the download; try again, or use another browser.", Severity.Warning);
        }
    }
}
