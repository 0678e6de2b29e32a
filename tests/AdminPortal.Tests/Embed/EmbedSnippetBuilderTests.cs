using AdminPortal.Web.Embed;

namespace AdminPortal.Tests.Embed;

public sealed class EmbedSnippetBuilderTests
{
    private const string Url = "https://videos.example.com/embed/demo/AbCdEfGh12345678/?access_token=609fb114-d45d-4b64-9c95-3a2334bec0ad";
    private const string Allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture";

    [Fact]
    public void Default_snippet_is_exactly_the_contract_markup()
    {
        Assert.Equal(
            $"<div style=\"padding-top:56.25%;position:relative;\"><iframe src=\"{Url}\" style=\"border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe></div>",
            EmbedSnippetBuilder.Build(Url, new EmbedOptions()));
    }

    [Theory]
    [InlineData(EmbedLayout.Responsive16x9, "56.25%")]
    [InlineData(EmbedLayout.Responsive4x3, "75%")]
    [InlineData(EmbedLayout.Responsive1x1, "100%")]
    [InlineData(EmbedLayout.Responsive9x16, "177.78%")]
    public void Responsive_layouts_set_the_padding_for_their_aspect_ratio(EmbedLayout layout, string padding)
    {
        Assert.Equal(
            $"<div style=\"padding-top:{padding};position:relative;\"><iframe src=\"{Url}\" style=\"border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe></div>",
            EmbedSnippetBuilder.Build(Url, new EmbedOptions { Layout = layout }));
    }

    [Fact]
    public void Fixed_layout_gives_the_iframe_its_width_and_height()
    {
        Assert.Equal(
            $"<iframe src=\"{Url}\" width=\"800\" height=\"450\" style=\"border:0;max-width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe>",
            EmbedSnippetBuilder.Build(Url, new EmbedOptions { Layout = EmbedLayout.Fixed, Width = 800, Height = 450 }));
    }

    [Fact]
    public void Fixed_size_out_of_range_is_clamped()
    {
        var snippet = EmbedSnippetBuilder.Build(Url, new EmbedOptions { Layout = EmbedLayout.Fixed, Width = -5, Height = 999_999 });
        Assert.Contains("width=\"1\" height=\"10000\"", snippet);
    }

    [Fact]
    public void Player_parameters_are_appended_to_the_playback_url_and_attribute_encoded()
    {
        var options = new EmbedOptions { Autoplay = true, Muted = true, Loop = true, Background = true, Speeds = [2m, 0.5m, 1m, 9m] };

        Assert.Equal(Url + "&autoplay=1&muted=1&loop=1&background=1&playRates=0.5,1,2", EmbedSnippetBuilder.PlayerUrl(Url, options));
        Assert.Equal(
            $"<div style=\"padding-top:56.25%;position:relative;\"><iframe src=\"{Url}&amp;autoplay=1&amp;muted=1&amp;loop=1&amp;background=1&amp;playRates=0.5,1,2\" style=\"border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;\" allow=\"{Allow}\" allowfullscreen=\"\" frameborder=\"0\"></iframe></div>",
            EmbedSnippetBuilder.Build(Url, options));
    }

    [Fact]
    public void Single_parameter_starts_the_query_when_the_url_has_none()
    {
        Assert.Equal("https://x.test/embed/v/?muted=1", EmbedSnippetBuilder.PlayerUrl("https://x.test/embed/v/", new EmbedOptions { Muted = true }));
    }

    [Fact]
    public void A_hostile_url_cannot_break_out_of_the_attribute()
    {
        var hostile = "https://evil.test/\"><script>alert('x')</script><i a='";

        var snippet = EmbedSnippetBuilder.Build(hostile, new EmbedOptions());

        Assert.Equal(
            "<div style=\"padding-top:56.25%;position:relative;\"><iframe src=\"https://evil.test/&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;i a=&#x27;\" style=\"border:0;max-width:100%;position:absolute;top:0;left:0;height:100%;width:100%;\" allow=\"" + Allow + "\" allowfullscreen=\"\" frameborder=\"0\"></iframe></div>",
            snippet);
        Assert.DoesNotContain("<script>", snippet, StringComparison.Ordinal);
    }
}
