using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Tokens;
using Bunit;

namespace AdminPortal.Tests.Tokens;

public sealed class WatermarkDesignerTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private readonly List<AnnotationDraft> drafts = [];
    private int changes;

    private IRenderedComponent<WatermarkDesigner> RenderDesigner(ValidationErrors? errors = null) =>
        RenderWithProviders<WatermarkDesigner>(p => p
            .Add(c => c.Annotations, drafts)
            .Add(c => c.Errors, errors ?? ValidationErrors.None)
            .Add(c => c.Changed, () => changes++));

    [Fact]
    public void Add_duplicate_and_remove_change_the_list()
    {
        var cut = RenderDesigner();
        Assert.NotNull(cut.Find("[data-testid=annotation-empty]"));

        cut.Find("[data-testid=annotation-add]").Click();
        Assert.Single(drafts);
        Assert.Equal("{ip}", drafts[0].Text);
        cut.Find("input[data-testid=annotation-text]").Input("Licensed to Acme");
        Assert.Equal("Licensed to Acme", drafts[0].Text);

        cut.Find("[data-testid=annotation-duplicate]").Click();
        Assert.Equal(["Licensed to Acme", "Licensed to Acme"], drafts.Select(d => d.Text));
        Assert.NotSame(drafts[0], drafts[1]);
        Assert.Equal(2, cut.FindAll("[data-testid=annotation]").Count);

        cut.FindAll("[data-testid=annotation-remove]")[0].Click();
        Assert.Single(drafts);
        Assert.True(changes >= 4);
    }

    [Fact]
    public void Up_and_down_reorder_the_texts()
    {
        drafts.AddRange([new AnnotationDraft { Text = "A" }, new AnnotationDraft { Text = "B" }, new AnnotationDraft { Text = "C" }]);
        var cut = RenderDesigner();

        cut.FindAll("[data-testid=annotation-down]")[0].Click();
        Assert.Equal(["B", "A", "C"], drafts.Select(d => d.Text));

        cut.FindAll("[data-testid=annotation-up]")[2].Click();
        Assert.Equal(["B", "C", "A"], drafts.Select(d => d.Text));
        Assert.True(cut.FindAll("[data-testid=annotation-up]")[0].HasAttribute("disabled"));
        Assert.True(cut.FindAll("[data-testid=annotation-down]")[2].HasAttribute("disabled"));
    }

    [Fact]
    public void Dynamic_texts_edit_interval_and_skip_in_seconds()
    {
        drafts.Add(new AnnotationDraft { Text = "{code}" });
        var cut = RenderDesigner();

        cut.FindAll("[data-testid=annotation-type] input[type=radio]")[1].Click();
        Assert.True(drafts[0].IsDynamic);
        cut.Find("input[data-testid=annotation-interval]").Input("2.5");
        cut.Find("input[data-testid=annotation-skip]").Input("1");

        Assert.Equal(2500, drafts[0].ToInput().Interval);
        Assert.Equal(1000, drafts[0].ToInput().Skip);
        Assert.Empty(cut.FindAll("input[data-testid=annotation-x]"));
    }

    [Fact]
    public void Shows_the_validator_messages_next_to_their_fields()
    {
        drafts.AddRange([new AnnotationDraft { Text = "ok" }, new AnnotationDraft { Text = "", Color = "#12", Type = AnnotationTypes.Dynamic, IntervalSeconds = 0.01 }]);
        var errors = new ValidationErrors();
        AnnotationRules.Validate(drafts.Select(d => d.ToInput()).ToList(), errors);

        var cut = RenderDesigner(errors);

        var second = cut.FindAll("[data-testid=annotation]")[1];
        Assert.Contains("Text is required.", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("Must be a colour like #RGB or #RRGGBB.", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("Must be from 0.1 to 3,600 seconds.", second.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("required", cut.FindAll("[data-testid=annotation]")[0].TextContent, StringComparison.Ordinal);
    }
}
