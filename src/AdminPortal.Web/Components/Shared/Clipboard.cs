using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Web.Components.Shared;

/// <summary>Copies text to the browser's clipboard and says so in a snackbar; every copy button and menu item goes through here.</summary>
public sealed class Clipboard(IJSRuntime js, ISnackbar snackbar)
{
    /// <summary><paramref name="what"/> names the thing copied, e.g. "Playback URL".</summary>
    public async Task CopyAsync(string text, string what)
    {
        try
        {
            await js.InvokeVoidAsync("navigator.clipboard.writeText", text);
            snackbar.Add($"{what} copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            // The clipboard needs a secure context (https or localhost) and the page's focus.
            snackbar.Add($"The browser refused the clipboard; select the {what.ToLowerInvariant()} and copy it by hand.", Severity.Warning);
        }
    }
}
