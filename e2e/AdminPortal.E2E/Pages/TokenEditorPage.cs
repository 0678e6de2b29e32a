using System.Text.RegularExpressions;

namespace AdminPortal.E2E.Pages;

/// <summary>The token editor: validity, watermark designer, live preview and, once saved, the embed snippet.</summary>
public sealed class TokenEditorPage(IPage page)
{
    public ILocator Annotations => page.Locator("[data-testid=annotation]");
    public ILocator PreviewFrame => page.Locator("[data-testid=preview-frame]");
    public ILocator PreviewTexts => PreviewFrame.Locator("[data-watermark-index]");
    public ILocator EmbedCode => Field(page, "embed-code");
    public ILocator PlaybackUrl => Field(page, "playback-url");
    public ILocator Snippet => page.Locator("[data-testid=embed-snippet]");
    public ILocator Preview => page.Locator("[data-testid=editor-preview]");
    public ILocator Share => page.Locator("[data-testid=token-share]");

    public async Task BackToVideoAsync() => await page.Locator("a", new() { HasText = "Back to video" }).ClickAsync();

    public ILocator AnnotationText(int index) => Field(Annotations.Nth(index), "annotation-text");

    public async Task SetSingleUseAsync() => await Field(page, "single-use").CheckAsync();

    /// <summary>Adds a watermark text of the given type and text; answers its index.</summary>
    public async Task<int> AddAnnotationAsync(string type, string text)
    {
        var before = await Annotations.CountAsync();
        await page.Locator("[data-testid=annotation-add]").ClickAsync();
        await Assertions.Expect(Annotations).ToHaveCountAsync(before + 1);
        var annotation = Annotations.Nth(before);
        if (type == "dynamic")
        {
            await annotation.GetByText("Dynamic (moves around)").ClickAsync();
            await Field(annotation, "annotation-interval").WaitForAsync();
        }
        var input = Field(annotation, "annotation-text");
        await input.FillAsync(text);
        return before;
    }

    public async Task SetStaticPositionAsync(int index, int x, int y)
    {
        var annotation = Annotations.Nth(index);
        await Field(annotation, "annotation-x").FillAsync(x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Field(annotation, "annotation-y").FillAsync(y.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Saves; for a new token, waits for the editor of the created token and answers its code.</summary>
    public async Task<string> SaveAsync()
    {
        await page.Locator("[data-testid=token-save]").ClickAsync();
        // Blazor navigates in-page (no load event), so poll the address rather than wait for a navigation.
        // Generous: under a parallel test run the circuit can take a few seconds to answer.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tokens/[0-9a-f-]{36}(\\?created=true)?$"), new() { Timeout = 20_000 });
        await Snippet.WaitForAsync();
        return Regex.Match(page.Url, "/tokens/([0-9a-f-]{36})").Groups[1].Value;
    }

    /// <summary>The panel a new token opens with: Copy URL, Copy embed, "Create another like this".</summary>
    public ILocator Created => page.Locator("[data-testid=token-created]");

    public async Task CopyCreatedUrlAsync() => await page.Locator("[data-testid=created-copy-url]").ClickAsync();

    public async Task CreateAnotherLikeThisAsync()
    {
        await page.Locator("[data-testid=created-another]").ClickAsync();
        // An in-page navigation: poll the address rather than wait for a load event (as SaveAsync does).
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tokens/new\\?like="), new() { Timeout = 20_000 });
        await Assertions.Expect(Annotations).Not.ToHaveCountAsync(0);
    }

    public async Task SetAnchorAsync(int index, string label)
    {
        await Annotations.Nth(index).Locator("[data-testid=annotation-anchor]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = label }).ClickAsync();
    }

    /// <summary>Puts the caret after <paramref name="caret"/> characters of text <paramref name="index"/>, then clicks a placeholder chip.</summary>
    public async Task InsertPlaceholderAsync(int index, int caret, string placeholder)
    {
        var input = AnnotationText(index);
        await input.FocusAsync();
        await input.EvaluateAsync("(el, at) => el.setSelectionRange(at, at)", caret);
        await Annotations.Nth(index).Locator("[data-testid=annotation-placeholder]", new() { HasText = placeholder }).ClickAsync();
    }

    /// <summary>"Try it": the snippet in a frame, as a staff preview.</summary>
    public async Task<IFrameLocator> TryItAsync()
    {
        await page.Locator("[data-testid=embed-try]").ClickAsync();
        return page.FrameLocator("[data-testid=embed-try-frame]").FrameLocator("iframe");
    }

    public async Task ChoosePreviewSizeAsync(string label) =>
        await Preview.Locator(".mud-toggle-item", new() { HasText = label }).ClickAsync();

    public async Task CopyEmbedCodeAsync() => await page.Locator("[data-testid=embed-copy]").ClickAsync();

    /// <summary>MudBlazor puts a field's test id on the input itself; other components keep it on the wrapper.</summary>
    private static ILocator Field(IPage scope, string testId) => scope.Locator(FieldSelector(testId)).First;

    private static ILocator Field(ILocator scope, string testId) => scope.Locator(FieldSelector(testId)).First;

    private static string FieldSelector(string testId) =>
        $"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea";

    public async Task<string> ClipboardAsync() => await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
}
