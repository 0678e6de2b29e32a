using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;

namespace AdminPortal.Tests.Tokens;

/// <summary>The new dialogs and the designer's logo item, rendered with the real services.</summary>
public sealed class StaffToolsDialogTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private readonly List<AnnotationDraft> drafts = [];

    private async Task<Actor> SignedInAsync(StaffRole role = StaffRole.Editor, string? org = null)
    {
        var actor = await Factory.StaffAsync(role, org ?? Api.ApiKit.NewOrg());
        SignInAs(actor);
        return actor;
    }

    [Fact]
    public async Task Save_as_preset_names_the_designers_watermark_and_a_taken_name_is_refused_in_the_dialog()
    {
        var actor = await SignedInAsync();
        drafts.Add(new AnnotationDraft { Text = "{viewer}" });
        var cut = RenderWithProviders<WatermarkDesigner>(p => p.Add(c => c.Annotations, drafts));

        await cut.InvokeAsync(() => cut.Find("[data-testid=preset-save]").Click());
        Dialogs.WaitForElement("input[data-testid=preset-name]").Input("Lecture");
        await Dialogs.InvokeAsync(() => Dialogs.Find("[data-testid=preset-name-save]").Click());
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=preset-name-dialog]")));
        var saved = Assert.Single(await Factory.Service<WatermarkPresetService>().ListAsync(actor));
        Assert.Equal(("Lecture", "{viewer}"), (saved.Name, saved.Annotations.Single().Text));

        await cut.InvokeAsync(() => cut.Find("[data-testid=preset-save]").Click());
        Dialogs.WaitForElement("input[data-testid=preset-name]").Input("Lecture");
        await Dialogs.InvokeAsync(() => Dialogs.Find("[data-testid=preset-name-save]").Click());
        Dialogs.WaitForAssertion(() => Assert.Contains("already a preset", Dialogs.Markup, StringComparison.Ordinal));
        Assert.Single(await Factory.Service<WatermarkPresetService>().ListAsync(actor));
    }

    [Fact]
    public async Task Start_from_preset_replaces_the_drafts_with_a_copy()
    {
        var actor = await SignedInAsync();
        await Factory.Service<WatermarkPresetService>().SaveAsync(actor, "Exam", [new() { Text = "Exam {ip}", Type = "dynamic" }]);
        drafts.Add(new AnnotationDraft { Text = "old" });
        var changed = 0;
        var cut = RenderWithProviders<PresetPicker>(p => p.Add(c => c.Actor, actor).Add(c => c.Annotations, drafts).Add(c => c.Changed, () => changed++));

        await cut.InvokeAsync(() => cut.Find("[data-testid=preset-picker] button").Click());
        Popovers.WaitForElement("[data-testid=preset-option]").Click();

        // The choice is applied once the preset is read, which a truly asynchronous provider finishes later.
        cut.WaitForAssertion(() => Assert.Equal(["Exam {ip}"], drafts.Select(d => d.Text)));
        Assert.True(drafts[0].IsDynamic);
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task The_designers_logo_item_edits_width_movement_and_warns_without_a_logo()
    {
        await SignedInAsync();
        var changes = 0;
        var cut = RenderWithProviders<WatermarkDesigner>(p => p.Add(c => c.Annotations, drafts).Add(c => c.Changed, () => changes++));

        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add-logo]").Click());
        var logo = Assert.Single(drafts);
        Assert.True(logo.IsLogo);
        Assert.NotNull(cut.Find("[data-testid=logo-missing]"));
        Assert.NotNull(cut.Find("input[data-testid=logo-x]"));
        Assert.Empty(cut.FindAll("input[data-testid=annotation-text]"));

        cut.Find("input[data-testid=logo-moves], [data-testid=logo-moves] input").Change(true);
        Assert.True(logo.Moves);
        Assert.NotNull(cut.Find("input[data-testid=logo-interval]"));
        Assert.Empty(cut.FindAll("input[data-testid=logo-x]"));
        var input = logo.ToInput();
        Assert.Equal((AnnotationTypes.Logo, true, 0.2m), (input.Type, input.Dynamic, input.Width));
        Assert.True(changes >= 2);
    }

    [Fact]
    public async Task The_logo_item_does_not_warn_once_the_organization_has_a_logo()
    {
        var org = Api.ApiKit.NewOrg();
        var admin = await Factory.StaffAsync(StaffRole.Admin, org);
        await Factory.Service<OrganizationLogoService>().UploadAsync(admin, TestImages.Png(50, 20));
        SignInAs(admin);
        drafts.Add(new AnnotationDraft { Type = AnnotationTypes.Logo });

        var cut = RenderWithProviders<WatermarkDesigner>(p => p.Add(c => c.Annotations, drafts));

        Assert.NotNull(cut.Find("[data-testid=logo-fields]"));
        Assert.Empty(cut.FindAll("[data-testid=logo-missing]"));
    }

    [Fact]
    public async Task Find_a_token_lists_several_matches_and_opens_one_with_its_viewer()
    {
        var actor = await SignedInAsync();
        var video = await Factory.VideoAsync(actor.OrganizationCode, "Lecture 9");
        await Factory.Service<TokenService>().CreateManyAsync(actor, video.Id, new TokenChanges(), ["ann@x.example", "anna@x.example"]);
        var cut = RenderWithProviders<FindTokenDialogHost>(_ => { });

        await cut.InvokeAsync(() => cut.Find("button").Click());
        var term = Dialogs.WaitForElement("input[data-testid=find-token-term]");
        term.Input("ann");
        term.KeyDown("Enter");
        Dialogs.WaitForAssertion(() => Assert.Equal(2, Dialogs.FindAll("[data-testid=find-token-result]").Count));
        Assert.Contains("Lecture 9", Dialogs.Markup, StringComparison.Ordinal);

        Dialogs.FindAll("[data-testid=find-token-result]")[0].Click();
        Dialogs.WaitForAssertion(() => Assert.Equal("ann@x.example", Dialogs.Find("[data-testid=token-detail-viewer]").TextContent));

        term = Dialogs.Find("input[data-testid=find-token-term]");
        term.Input("nobody");
        term.KeyDown("Enter");
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("[data-testid=find-token-none]")));
    }
}
