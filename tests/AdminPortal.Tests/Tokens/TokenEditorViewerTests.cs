using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Tokens;

/// <summary>The editor's viewer fields: devices at once and allowed networks.</summary>
public sealed class TokenEditorViewerTests(PortalFactoryFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<PortalFactoryFixture>
{
    private TokenService Tokens => Factory.Service<TokenService>();

    [Fact]
    public async Task Bad_viewer_limit_and_network_show_messages_and_nothing_is_saved()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Viewer errors");
        SignInAs(editor);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=editor-heading]"));

        cut.Find("input[data-testid=max-viewers]").Input("0");
        cut.Find("textarea[data-testid=allowed-ips]").Input("10.0.0.1/8");
        await cut.InvokeAsync(() => cut.Find("[data-testid=token-save]").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a whole number from 1 to 1,000, or leave it empty for no limit.", cut.Markup, StringComparison.Ordinal);
            Assert.Contains("did you mean 10.0.0.0/8?", cut.Markup, StringComparison.Ordinal);
            Assert.NotNull(cut.Find("[data-testid=editor-errors]"));
        });
        Assert.Equal(0, (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.TotalCount);
    }

    [Fact]
    public async Task Viewer_limit_and_networks_are_saved_one_per_line()
    {
        var editor = await Factory.StaffAsync(StaffRole.Editor);
        var video = await Factory.VideoAsync(title: "Viewer saved");
        SignInAs(editor);
        var cut = RenderWithProviders<TokenEditorPage>(p => p.Add(c => c.VideoId, video.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=editor-heading]"));

        cut.Find("input[data-testid=max-viewers]").Input("2");
        cut.Find("textarea[data-testid=allowed-ips]").Input("203.0.113.0/24\n2001:db8::1");
        await cut.InvokeAsync(() => cut.Find("[data-testid=token-save]").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches($"/videos/{video.Id}/tokens/[0-9a-f-]{{36}}\\?created=true$", navigation.Uri));
        var token = (await Tokens.ListAsync(editor, video.Id, new TokenQuery())).Value!.Items.Single();
        Assert.Equal(2, token.MaxConcurrentViewers);
        Assert.Equal(["203.0.113.0/24", "2001:db8::1"], token.AllowedIps);
    }
}
