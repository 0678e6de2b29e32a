using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

/// <summary>Full playback records are kept for a while, then folded into daily counts; charts and totals don't change.</summary>
public sealed class PlaybackRetentionTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Records_older_than_the_retention_period_become_daily_counts_and_the_chart_and_totals_stay_the_same()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var video = await factory.VideoAsync(title: "Leaked link");
        var token = (await factory.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges(), TestContext.Current.CancellationToken)).Value!;
        var today = factory.Clock.GetUtcNow().UtcDateTime.Date;
        var old = Enumerable.Range(0, 5).Select(i => today.AddDays(-91).AddHours(i))
            .Concat(Enumerable.Range(0, 3).Select(i => today.AddDays(-200).AddMinutes(i)))
            .Concat([today.AddDays(-95)]);
        var recent = new[] { today.AddDays(-89), today.AddDays(-1), today.AddHours(3) };
        await AddPlaybacksAsync(video.Id, token.Code, [.. old, .. recent]);
        var usage = factory.Service<UsageService>();
        var chartBefore = (await usage.PerDayAsync(editor, video.Id, UsageService.MaxDays, TestContext.Current.CancellationToken)).Value!;
        var totalBefore = (await usage.TokenPlaybacksAsync(editor, video.Id, token.Code, cancellationToken: TestContext.Current.CancellationToken)).Value!.TotalCount;

        await factory.Service<PlaybackRetention>().CompactAsync(TestContext.Current.CancellationToken);
        await factory.Service<PlaybackRetention>().CompactAsync(TestContext.Current.CancellationToken); // twice changes nothing more

        await using var db = await factory.DbAsync();
        var kept = await db.PlaybackRecords.Where(r => r.AccessTokenId == db.AccessTokens.Single(t => t.Code == token.Code).Id)
            .Select(r => r.At).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(recent.Order(), kept.Order());
        Assert.Equal(chartBefore, (await usage.PerDayAsync(editor, video.Id, UsageService.MaxDays, TestContext.Current.CancellationToken)).Value!);
        var page = (await usage.TokenPlaybacksAsync(editor, video.Id, token.Code, cancellationToken: TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(totalBefore, page.TotalCount + (await usage.TokenDaysAsync(editor, video.Id, token.Code, TestContext.Current.CancellationToken)).Value!.Sum(d => d.Count));
        Assert.Equal(3, page.TotalCount);
        var days = (await usage.TokenDaysAsync(editor, video.Id, token.Code, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(
            [(DateOnly.FromDateTime(today.AddDays(-91)), 5), (DateOnly.FromDateTime(today.AddDays(-95)), 1), (DateOnly.FromDateTime(today.AddDays(-200)), 3)],
            days.Select(d => (d.Day, d.Count)));
    }

    [Fact]
    public async Task The_retention_period_comes_from_configuration()
    {
        await using var shortRetention = new ShortRetentionFactory();
        var editor = await shortRetention.StaffAsync(StaffRole.Editor);
        var video = await shortRetention.VideoAsync();
        var token = (await shortRetention.Service<TokenService>().CreateAsync(editor, video.Id, new TokenChanges(), TestContext.Current.CancellationToken)).Value!;
        var today = shortRetention.Clock.GetUtcNow().UtcDateTime.Date;
        await using (var db = await shortRetention.DbAsync())
        {
            var tokenId = db.AccessTokens.Single(t => t.Code == token.Code).Id;
            db.PlaybackRecords.AddRange(new[] { today.AddDays(-3), today.AddDays(-1) }.Select(at => new PlaybackRecord { AccessTokenId = tokenId, VideoId = video.Id, At = at }));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await shortRetention.Service<PlaybackRetention>().CompactAsync(TestContext.Current.CancellationToken);

        await using var after = await shortRetention.DbAsync();
        Assert.Equal([today.AddDays(-1)], await after.PlaybackRecords.Select(r => r.At).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await after.PlaybackDays.SumAsync(d => d.Count, TestContext.Current.CancellationToken));
    }

    private sealed class ShortRetentionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PlaybackRetention:FullRecordDays", "2");
        }
    }

    private async Task AddPlaybacksAsync(string videoId, Guid code, DateTime[] times)
    {
        await using var db = await factory.DbAsync();
        var tokenId = db.AccessTokens.Single(t => t.Code == code).Id;
        db.PlaybackRecords.AddRange(times.Select(at => new PlaybackRecord { AccessTokenId = tokenId, VideoId = videoId, At = at, IpAddress = "198.51.100.7" }));
        await db.SaveChangesAsync();
    }
}
