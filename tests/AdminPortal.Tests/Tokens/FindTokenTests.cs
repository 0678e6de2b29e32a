using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Tokens;

/// <summary>Finding a token across the organization's videos by code, code prefix or viewer; never another organization's.</summary>
public sealed class FindTokenTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Finds_by_whole_code_first_eight_characters_or_viewer_across_videos()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var first = await factory.VideoAsync(org, "Lecture 1");
        var second = await factory.VideoAsync(org, "Lecture 2");
        var tokens = factory.Service<TokenService>();
        var ann = (await tokens.CreateAsync(editor, first.Id, new TokenChanges { Viewer = "ann@school.example" })).Value!;
        var annAgain = (await tokens.CreateAsync(editor, second.Id, new TokenChanges { Viewer = "Ann@School.example" })).Value!;
        await tokens.CreateAsync(editor, second.Id, new TokenChanges { Viewer = "bo@school.example" });

        var byCode = Assert.Single(await tokens.FindAsync(editor, ann.Code.ToString()));
        Assert.Equal((ann.Code, "Lecture 1"), (byCode.Token.Code, byCode.VideoTitle));
        var byPrefix = Assert.Single(await tokens.FindAsync(editor, " " + annAgain.Code.ToString()[..8].ToUpperInvariant() + " "));
        Assert.Equal(annAgain.Code, byPrefix.Token.Code);
        var byViewer = await tokens.FindAsync(editor, "ANN@");
        Assert.Equal(new[] { ann.Code, annAgain.Code }.Order(), byViewer.Select(f => f.Token.Code).Order());
        Assert.Empty(await tokens.FindAsync(editor, "   "));
        Assert.Empty(await tokens.FindAsync(editor, "zed"));
    }

    [Fact]
    public async Task Another_organizations_tokens_are_never_found_by_code_prefix_or_viewer()
    {
        var ours = NewOrg();
        var theirs = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, ours);
        var stranger = await factory.StaffAsync(StaffRole.Editor, theirs);
        var ourVideo = await factory.VideoAsync(ours);
        var theirVideo = await factory.VideoAsync(theirs);
        var tokens = factory.Service<TokenService>();
        var mine = (await tokens.CreateAsync(editor, ourVideo.Id, new TokenChanges { Viewer = "ann" })).Value!;
        var foreign = (await tokens.CreateAsync(stranger, theirVideo.Id, new TokenChanges { Viewer = "ann" })).Value!;
        // Give their token our token's first 8 characters, as a collision would.
        await using (var db = await factory.DbAsync())
        {
            await db.AccessTokens.Where(t => t.Code == foreign.Code).ExecuteUpdateAsync(s => s.SetProperty(t => t.CodePrefix, mine.Code.ToString()[..8]));
        }

        Assert.Empty(await tokens.FindAsync(editor, foreign.Code.ToString()));
        Assert.Equal([mine.Code], (await tokens.FindAsync(editor, mine.Code.ToString()[..8])).Select(f => f.Token.Code));
        Assert.Equal([mine.Code], (await tokens.FindAsync(editor, "ann")).Select(f => f.Token.Code));
        Assert.Equal([foreign.Code], (await tokens.FindAsync(stranger, "ANN")).Select(f => f.Token.Code));
    }
}
