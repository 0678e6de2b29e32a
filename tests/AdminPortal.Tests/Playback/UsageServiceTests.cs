using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Tests.Playback;

public sealed class UsageServiceTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Playbacks_are_counted_per_utc_day_over_the_last_30_days()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var video = await factory.VideoAsync(title: "Chart");
        var other = await factory.VideoAsync(title: "Other");
        var token = (await factory.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges())).Value!;
        var otherToken = (await factory.Service<TokenService>().CreateAsync(editor, other.Id, new TokenChanges())).Value!;
        var today = factory.Clock.GetUtcNow().UtcDateTime.Date;
        await AddPlaybacksAsync(video.Id, token.Code, today.AddHours(1), today.AddHours(23), today.AddDays(-1).AddMinutes(5), today.AddDays(-29), today.AddDays(-30));
        await AddPlaybacksAsync(other.Id, otherToken.Code, today.AddHours(2));

        var days = (await factory.Service<UsageService>().PerDayAsync(editor, video.Id)).Value!;

        Assert.Equal(30, days.Count);
        Assert.Equal(DateOnly.FromDateTime(today.AddDays(-29)), days[0].Day);
        Assert.Equal(DateOnly.FromDateTime(today), days[^1].Day);
        Assert.Equal(2, days[^1].Count);
        Assert.Equal(1, days[^2].Count);
        Assert.Equal(1, days[0].Count); // 30 days ago is outside the window
        Assert.Equal(4, days.Sum(d => d.Count));
    }

    [Fact]
    public async Task A_tokens_playbacks_are_paged_newest_first_and_scoped_to_the_organization()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var stranger = await factory.StaffAsync(StaffRole.Admin, "elsewhere");
        var video = await factory.VideoAsync(title: "History");
        var token = (await factory.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges())).Value!;
        var start = factory.Clock.GetUtcNow().UtcDateTime;
        await AddPlaybacksAsync(video.Id, token.Code, Enumerable.Range(0, 25).Select(i => start.AddMinutes(i)).ToArray());
        var usage = factory.Service<UsageService>();

        var page = (await usage.TokenPlaybacksAsync(editor, video.Id, token.Code, offset: 20, limit: 20)).Value!;

        Assert.Equal(25, page.TotalCount);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => start.AddMinutes(i)), page.Items.Select(p => p.At));
        Assert.Equal("198.51.100.1", page.Items[0].IpAddress);
        Assert.Equal(ResultStatus.NotFound, (await usage.TokenPlaybacksAsync(stranger, video.Id, token.Code)).Status);
        Assert.Equal(ResultStatus.NotFound, (await usage.PerDayAsync(stranger, video.Id)).Status);
    }

    private async Task AddPlaybacksAsync(string videoId, Guid code, params DateTime[] times)
    {
        await using var db = await factory.DbAsync();
        var tokenId = db.AccessTokens.Single(t => t.Code == code).Id;
        db.PlaybackRecords.AddRange(times.Select(at => new PlaybackRecord
        {
            AccessTokenId = tokenId,
            VideoId = videoId,
            At = at,
            IpAddress = "198.51.100.1",
            UserAgent = "Test",
            Referrer = "https://site.test/",
        }));
        await db.SaveChangesAsync();
    }
}
