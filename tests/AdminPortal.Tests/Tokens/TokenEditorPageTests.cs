using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Tokens;

public sealed class TokenEditorPageTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private TokenService Tokens => Factory.Service<TokenService>();

    [Fact]
    public async Task Invalid_fields_show_the_validator_messages_and_nothing_is_saved()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor errors");
        SignInAs(editor);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=editor-heading]"));

        cut.Find("input[data-testid=ttl-amount]").Input("-3");
        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add]").Click());
        cut.WaitForElement("input[data-testid=annotation-text]").Input("   ");
        await cut.InvokeAsync(() => cut.Find("[data-testid=token-save]").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a whole number of days from 0 to 3,650 (10 years).", cut.Markup, StringComparison.Ordinal);
            Assert.Contains("Text is required.", cut.Find("[data-testid=annotation]").TextContent, StringComparison.Ordinal);
            Assert.NotNull(cut.Find("[data-testid=editor-errors]"));
        });
        var list = await Tokens.ListAsync(editor, video.Id, new TokenQuery());
        Assert.Equal(0, list.Value!.TotalCount);
    }

    [Theory]
    [InlineData(1080, 1920, true)]
    [InlineData(640, 360, false)]
    [InlineData(null, null, false)] // packaged before sizes were kept: taken as 16:9
    public async Task The_portrait_preview_frame_is_offered_only_for_a_portrait_video(int? width, int? height, bool portrait)
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Shape");
        await using (var db = await Factory.DbAsync())
        {
            await db.Videos.Where(v => v.Id == video.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Width, width).SetProperty(v => v.Height, height), Xunit.TestContext.Current.CancellationToken);
        }
        SignInAs(editor);

        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => cut.Find("[data-testid=preview-frame]"));
        var sizes = cut.FindAll("[data-testid=watermark-preview] .mud-toggle-item").Select(b => b.TextContent.Trim()).ToList();
        var frame = cut.Find("[data-testid=preview-frame]").GetAttribute("style");
        if (portrait)
        {
            Assert.Equal(["640 × 360", "1280 × 720", "Phone", "Portrait"], sizes);
            Assert.Equal("width:360px;height:640px;", frame); // shown first for a portrait video
        }
        else
        {
            Assert.Equal(["640 × 360", "1280 × 720", "Phone"], sizes);
            Assert.Equal("width:640px;height:360px;", frame);
        }
    }

    [Fact]
    public async Task Valid_token_is_created_and_the_editor_moves_to_it()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor create");
        SignInAs(editor);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=editor-heading]"));

        cut.Find("input[data-testid=ttl-amount]").Input("2");
        cut.Find("input[data-testid=single-use]").Change(true);
        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add]").Click());
        cut.WaitForElement("input[data-testid=annotation-text]").Input("Viewer {ip}");
        await cut.InvokeAsync(() => cut.Find("[data-testid=token-save]").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches($"/videos/{video.Id}/tokens/[0-9a-f-]{{36}}\\?created=true$", navigation.Uri), TimeSpan.FromSeconds(5));
        var token = (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.Items.Single();
        Assert.True(token.ExpiresAfterFirstUsage);
        Assert.Equal(Factory.Clock.GetUtcNow().UtcDateTime.AddDays(2), token.ValidUntil);
        Assert.Equal("Viewer {ip}", token.Annotations.Single().Text);
        Assert.EndsWith(token.Code + "?created=true", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_create_the_share_panel_opens_at_the_top_and_create_another_starts_from_the_same_settings()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor share");
        var created = (await Tokens.CreateAsync(editor, video.Id, new TokenChanges
        {
            TimeToLive = 7200L,
            ExpiresAfterFirstUsage = true,
            Annotations = new List<AnnotationInput> { new() { Text = "{ip}", Anchor = AnnotationAnchors.BottomRight } },
        })).Value!;
        SignInAs(editor);

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"videos/{video.Id}/tokens/{created.Code}?created=true");
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id).Add(c => c.Code, created.Code));
        cut.WaitForAssertion(() => cut.Find("[data-testid=token-created]"));
        Assert.EndsWith($"?access_token={created.Code}", cut.Find("[data-testid=created-url]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=created-copy-url]"));
        Assert.NotNull(cut.Find("[data-testid=created-copy-embed]"));
        Assert.EndsWith($"videos/{video.Id}/tokens/new?like={created.Code}", cut.Find("a[data-testid=created-another]").GetAttribute("href"), StringComparison.Ordinal);

        navigation.NavigateTo($"videos/{video.Id}/tokens/new?like={created.Code}");
        var another = Render<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        another.WaitForAssertion(() => Assert.Equal("{ip}", another.Find("input[data-testid=annotation-text]").GetAttribute("value")));
        Assert.Equal("2", another.Find("input[data-testid=ttl-amount]").GetAttribute("value"));
        Assert.Empty(another.FindAll("[data-testid=token-created]"));
        await another.InvokeAsync(() => another.Find("[data-testid=token-save]").Click());
        await EventuallyAsync(async () => Assert.Equal(2, (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.TotalCount));
        var copy = (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.Items.First(t => t.Code != created.Code);
        Assert.True(copy.ExpiresAfterFirstUsage);
        Assert.Equal(AnnotationAnchors.BottomRight, copy.Annotations.Single().Anchor);
        Assert.Equal(Factory.Clock.GetUtcNow().UtcDateTime.AddHours(2), copy.ValidUntil);
    }

    [Fact]
    public async Task A_placeholder_chip_inserts_at_the_caret_with_a_separating_space()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor chips");
        SignInAs(editor);
        JSInterop.Setup<int?>("apCaret", _ => true).SetResult(4);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=annotation-add]"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add]").Click());
        cut.WaitForElement("input[data-testid=annotation-text]").Input("{ip}Licensed");

        // Found and clicked in one dispatch: the input's re-render may replace the chips' handlers in between.
        await cut.InvokeAsync(() => cut.FindAll("[data-testid=annotation-placeholder]").Single(c => c.TextContent.Trim() == "{date}").Click());

        cut.WaitForAssertion(() => Assert.Equal("{ip} {date} Licensed", cut.Find("input[data-testid=annotation-text]").GetAttribute("value")));
    }

    [Fact]
    public async Task Leaving_with_unsaved_changes_asks_first()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor leave");
        SignInAs(editor);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=annotation-add]"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add]").Click());
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        _ = cut.InvokeAsync(() => navigation.NavigateTo($"videos/{video.Id}"));

        Dialogs.WaitForAssertion(() => Assert.Contains("Leave without saving?", Dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(before, navigation.Uri);
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Dialogs.WaitForAssertion(() => Assert.DoesNotContain("Leave without saving?", Dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(before, navigation.Uri);
    }

    [Theory]
    [InlineData("", null, "{date}", "{date}")]
    [InlineData("{ip}", null, "{date}", "{ip} {date}")]
    [InlineData("{ip} ", null, "{date}", "{ip} {date}")]
    [InlineData("Licensed", 0, "{ip}", "{ip} Licensed")]
    [InlineData("a b", 2, "{code}", "a {code} b")]
    public void Placeholders_insert_at_the_caret_spaced_from_their_neighbours(string text, int? caret, string placeholder, string expected) =>
        Assert.Equal(expected, WatermarkPlaceholders.Insert(text, caret, placeholder));

    [Fact]
    public async Task Editing_shows_the_playback_url_and_snippet_and_keeps_the_expiry_unless_changed()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Editor edit");
        var created = (await Tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 3600L })).Value!;
        SignInAs(editor);

        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id).Add(c => c.Code, created.Code));
        cut.WaitForAssertion(() => cut.Find("[data-testid=embed-snippet]"));
        Assert.EndsWith($"/embed/{editor.OrganizationCode}/{video.Id}/?access_token={created.Code}",
            cut.Find("input[data-testid=playback-url]").GetAttribute("value"), StringComparison.Ordinal);

        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await cut.InvokeAsync(() => cut.Find("[data-testid=annotation-add]").Click());
        cut.WaitForElement("[data-testid=annotation]");
        await cut.InvokeAsync(() => cut.Find("[data-testid=token-save]").Click());

        await EventuallyAsync(async () => Assert.Single((await Tokens.GetAsync(editor, video.Id, created.Code)).Value!.Annotations));
        Assert.Equal(created.ValidUntil, (await Tokens.GetAsync(editor, video.Id, created.Code)).Value!.ValidUntil);
    }

    [Fact]
    public async Task Another_organizations_video_is_not_found()
    {
        var stranger = await Factory.StaffAsync(StaffRole.Editor, "other-org");
        var video = await Factory.VideoAsync(title: "Not yours");
        SignInAs(stranger);

        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));

        cut.WaitForAssertion(() => Assert.Contains("Video not found", cut.Find("[data-testid=token-not-found]").TextContent, StringComparison.Ordinal));
    }
}
