using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;
using Microsoft.AspNetCore.Components;
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
        cut.Find("[data-testid=annotation-add]").Click();
        cut.WaitForElement("input[data-testid=annotation-text]").Input("   ");
        cut.Find("[data-testid=token-save]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a whole number of days from 0 to 3,650 (10 years).", cut.Markup, StringComparison.Ordinal);
            Assert.Contains("Text is required.", cut.Find("[data-testid=annotation]").TextContent, StringComparison.Ordinal);
            Assert.NotNull(cut.Find("[data-testid=editor-errors]"));
        });
        var list = await Tokens.ListAsync(editor, video.Id, new TokenQuery());
        Assert.Equal(0, list.Value!.TotalCount);
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
        cut.Find("[data-testid=annotation-add]").Click();
        cut.WaitForElement("input[data-testid=annotation-text]").Input("Viewer {ip}");
        cut.Find("[data-testid=token-save]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches($"/videos/{video.Id}/tokens/[0-9a-f-]{{36}}$", navigation.Uri));
        var token = (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.Items.Single();
        Assert.True(token.ExpiresAfterFirstUsage);
        Assert.Equal(Factory.Clock.GetUtcNow().UtcDateTime.AddDays(2), token.ValidUntil);
        Assert.Equal("Viewer {ip}", token.Annotations.Single().Text);
        Assert.EndsWith(token.Code.ToString(), navigation.Uri, StringComparison.Ordinal);
    }

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
        cut.Find("[data-testid=annotation-add]").Click();
        cut.WaitForElement("[data-testid=annotation]");
        cut.Find("[data-testid=token-save]").Click();

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
