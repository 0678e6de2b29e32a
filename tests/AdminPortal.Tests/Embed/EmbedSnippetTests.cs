using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Embed;
using Bunit;

namespace AdminPortal.Tests.Embed;

public sealed class EmbedSnippetTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private const string Url = "http://portal.test/embed/demo/AbCdEfGh12345678/?access_token=609fb114-d45d-4b64-9c95-3a2334bec0ad";

    [Fact]
    public void Shows_the_default_snippet_and_updates_it_as_options_change()
    {
        var cut = RenderWithProviders<EmbedSnippet>(p => p.Add(c => c.PlaybackUrl, Url));
        Assert.Equal(EmbedSnippetBuilder.Build(Url, new EmbedOptions()), cut.Find("textarea[data-testid=embed-code]").GetAttribute("value") ?? cut.Find("textarea[data-testid=embed-code]").TextContent);

        cut.Find("input[data-testid=embed-autoplay]").Change(true);
        cut.Find("input[data-testid=embed-muted]").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(
            EmbedSnippetBuilder.Build(Url, new EmbedOptions { Autoplay = true, Muted = true }),
            Snippet(cut)));
    }

    [Fact]
    public void Copy_writes_the_snippet_to_the_clipboard()
    {
        var cut = RenderWithProviders<EmbedSnippet>(p => p.Add(c => c.PlaybackUrl, Url));
        cut.Find("input[data-testid=embed-loop]").Change(true);

        cut.Find("button[data-testid=embed-copy]").Click();

        var call = JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(EmbedSnippetBuilder.Build(Url, new EmbedOptions { Loop = true }), call.Arguments[0]);
    }

    [Fact]
    public void Try_it_renders_the_snippet_in_a_sandboxed_frame_as_a_staff_preview()
    {
        var code = Guid.NewGuid();
        var cut = RenderWithProviders<EmbedSnippet>(p => p.Add(c => c.PlaybackUrl, Url).Add(c => c.Code, code).Add(c => c.SingleUse, true));

        cut.Find("button[data-testid=embed-try]").Click();

        var frame = cut.Find("iframe[data-testid=embed-try-frame]");
        Assert.Equal("allow-scripts allow-same-origin", frame.GetAttribute("sandbox"));
        var document = frame.GetAttribute("srcdoc")!;
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Url + "&staff_preview="), document, StringComparison.Ordinal);
        var preview = System.Text.RegularExpressions.Regex.Match(document, "staff_preview=([^\"&]+)").Groups[1].Value;
        Assert.Equal($"preview.{code:N}", Factory.Service<AdminPortal.Web.Playback.MediaSigner>().ReadTicket(Uri.UnescapeDataString(System.Net.WebUtility.HtmlDecode(preview))));
        Assert.Contains("does not spend this single-use link", cut.Find("[data-testid=embed-try-note]").TextContent, StringComparison.Ordinal);
        // The copied snippet is the viewer's, without the preview mark.
        Assert.DoesNotContain("staff_preview", Snippet(cut), StringComparison.Ordinal);
    }

    private static string Snippet(IRenderedComponent<EmbedSnippet> cut)
    {
        var area = cut.Find("textarea[data-testid=embed-code]");
        return area.GetAttribute("value") ?? area.TextContent;
    }
}
