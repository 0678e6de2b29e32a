using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Foundation;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_keeps_staff_videos_and_tokens_and_seeds_nothing_twice()
    {
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));
        Actor editor;
        string videoId;
        Guid code;
        (int Videos, int Users, int Tokens) before;
        await using (var first = new PortalFactory { DataDirectory = folder, KeepDataOnDispose = true })
        {
            editor = await first.StaffAsync(StaffRole.Editor);
            videoId = (await first.VideoAsync(title: "Kept across restarts")).Id;
            code = (await first.Service<TokenService>().CreateAsync(editor, videoId, new TokenChanges { TimeToLive = 3600L })).Value!.Code;
            before = await CountAsync(first);
        }

        await using var second = new PortalFactory { DataDirectory = folder };
        _ = second.Server;

        Assert.Equal(before, await CountAsync(second));
        Assert.Equal("Kept across restarts", (await second.Service<VideoCatalog>().FindAsync(editor, videoId))!.Title);
        var token = await second.Service<TokenService>().GetAsync(editor, videoId, code);
        Assert.Equal(TokenStatus.Active, token.Value!.Status);
        Assert.True(File.Exists(second.Service<MediaStore>().MasterPlaylist(videoId)));
    }

    private static async Task<(int, int, int)> CountAsync(PortalFactory factory)
    {
        await using var db = await factory.DbAsync();
        return (await db.Videos.CountAsync(), await db.Users.CountAsync(), await db.AccessTokens.CountAsync());
    }
}
