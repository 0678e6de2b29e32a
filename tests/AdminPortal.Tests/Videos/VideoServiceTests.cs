using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Videos;

public sealed class VideoServiceTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private VideoService Videos => factory.Service<VideoService>();

    [Fact]
    public async Task Editor_renames_a_video_with_the_title_trimmed()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var video = await factory.VideoAsync();

        var result = await Videos.RenameAsync(editor, video.Id, "  New name ");

        Assert.True(result.IsOk);
        Assert.Equal("New name", (await factory.Service<VideoCatalog>().FindAsync(editor, video.Id))!.Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rename_to_an_empty_or_too_long_title_is_refused(string title)
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var video = await factory.VideoAsync(title: "Kept");

        var empty = await Videos.RenameAsync(editor, video.Id, title);
        var tooLong = await Videos.RenameAsync(editor, video.Id, new string('x', VideoRules.MaxTitleLength + 1));

        Assert.Equal(ResultStatus.Invalid, empty.Status);
        Assert.Equal("A title is required.", empty.Message);
        Assert.Equal(ResultStatus.Invalid, tooLong.Status);
        Assert.Equal("Kept", (await factory.Service<VideoCatalog>().FindAsync(editor, video.Id))!.Title);
    }

    [Fact]
    public async Task Viewer_cannot_rename_or_delete()
    {
        var viewer = await factory.StaffAsync(StaffRole.Viewer);
        var video = await factory.VideoAsync(title: "Untouched");

        Assert.Equal(ResultStatus.Forbidden, (await Videos.RenameAsync(viewer, video.Id, "Changed")).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Videos.DeleteAsync(viewer, video.Id)).Status);
        Assert.NotNull(await factory.Service<VideoCatalog>().FindAsync(viewer, video.Id));
    }

    [Fact]
    public async Task Another_organizations_video_is_not_found()
    {
        var outsider = await factory.StaffAsync(StaffRole.Admin, "elsewhere");
        var video = await factory.VideoAsync(title: "Ours");

        Assert.Equal(ResultStatus.NotFound, (await Videos.RenameAsync(outsider, video.Id, "Theirs")).Status);
        Assert.Equal(ResultStatus.NotFound, (await Videos.DeleteAsync(outsider, video.Id)).Status);
        Assert.True(File.Exists(factory.Service<MediaStore>().MasterPlaylist(video.Id)));
    }

    [Fact]
    public async Task Delete_removes_the_video_its_tokens_their_records_its_key_and_every_rendition_and_segment()
    {
        var admin = await factory.AdminAsync();
        var video = await factory.VideoAsync(title: "Doomed");
        var token = (await factory.Service<TokenService>().CreateAsync(admin, video.Id, new TokenChanges())).Value!;
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await factory.Browser().GetAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Code}")).StatusCode);

        var result = await Videos.DeleteAsync(admin, video.Id);

        Assert.True(result.IsOk);
        await using var db = await factory.DbAsync();
        Assert.False(await db.Videos.AnyAsync(v => v.Id == video.Id));
        Assert.False(await db.AccessTokens.AnyAsync(t => t.VideoId == video.Id));
        Assert.False(await db.PlaybackRecords.AnyAsync(r => r.VideoId == video.Id));
        Assert.False(Directory.Exists(factory.Service<MediaStore>().PackageFolder(video.Id)));
        Assert.False(await db.PlaybackSessions.AnyAsync(r => r.VideoId == video.Id));
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await factory.Browser().GetAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Code}")).StatusCode);
    }
}
