using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Tokens;

/// <summary>"Why inactive" names exactly the tokens the status rule calls expired, the same in SQL as in memory.</summary>
public sealed class TokenStatusRuleTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Why_inactive_agrees_with_the_status_in_memory_and_in_sql()
    {
        var video = await factory.VideoAsync(title: "Rules");
        var organization = await factory.OrganizationAsync();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var cases = (
            from revoked in new DateTime?[] { null, now.AddHours(-1) }
            from until in new DateTime?[] { null, now.AddHours(-1), now, now.AddHours(1) }
            from single in new[] { false, true }
            from uses in new[] { 0, 1 }
            select new AccessToken
            {
                Code = Guid.NewGuid(),
                OrganizationId = organization.Id,
                VideoId = video.Id,
                RevokedAt = revoked,
                ValidUntil = until,
                ExpiresAfterFirstUsage = single,
                UseCount = uses,
                CreatedAt = now,
                ModifiedAt = now,
                CreatedBy = "test",
            }).ToList();
        await using (var db = await factory.DbAsync())
        {
            db.AccessTokens.AddRange(cases);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = await factory.DbAsync();
        var inSql = await read.AccessTokens.Where(t => t.VideoId == video.Id)
            .Select(t => new { t.Code, Active = read.AccessTokens.Where(TokenStatusRule.Filter(now, true)).Any(a => a.Id == t.Id) })
            .ToDictionaryAsync(t => t.Code, t => t.Active, TestContext.Current.CancellationToken);
        var reasons = await read.AccessTokens.Where(t => t.VideoId == video.Id)
            .Select(TokenStatusRule.WhyInactive(now)).ToListAsync(TestContext.Current.CancellationToken);
        var codes = await read.AccessTokens.Where(t => t.VideoId == video.Id).Select(t => t.Code).ToListAsync(TestContext.Current.CancellationToken);

        foreach (var token in cases)
        {
            var active = TokenStatusRule.StatusAt(token, now) == TokenStatus.Active;
            var why = TokenStatusRule.WhyInactive(token, now);
            Assert.Equal(active, why is null);
            Assert.Equal(active, inSql[token.Code]);
            Assert.Equal(why, reasons[codes.IndexOf(token.Code)]);
            Assert.Equal(token.RevokedAt is not null, why is InactiveReason.Revoked);
        }
        Assert.Contains(cases, t => TokenStatusRule.WhyInactive(t, now) is InactiveReason.UsedUp);
        Assert.Contains(cases, t => TokenStatusRule.WhyInactive(t, now) is InactiveReason.TimedOut);
    }

    [Fact]
    public async Task Real_states_filter_in_sql_as_in_memory_and_a_played_single_use_token_stays_used_after_its_time()
    {
        var editor = await factory.StaffAsync(Web.Staff.StaffRole.Editor);
        var video = await factory.VideoAsync(title: "States");
        var tokens = factory.Service<TokenService>();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var active = (await tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 3600L }, TestContext.Current.CancellationToken)).Value!;
        var expired = (await tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 0L }, TestContext.Current.CancellationToken)).Value!;
        var revoked = (await tokens.CreateAsync(editor, video.Id, new TokenChanges(), TestContext.Current.CancellationToken)).Value!;
        var used = (await tokens.CreateAsync(editor, video.Id, new TokenChanges { TimeToLive = 60L, ExpiresAfterFirstUsage = true }, TestContext.Current.CancellationToken)).Value!;
        await tokens.RevokeAsync(editor, video.Id, revoked.Code, TestContext.Current.CancellationToken);
        await using (var db = await factory.DbAsync())
        {
            await db.AccessTokens.Where(t => t.Code == used.Code)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UseCount, 1).SetProperty(t => t.LastUsedAt, now), TestContext.Current.CancellationToken);
        }
        factory.Clock.Advance(TimeSpan.FromMinutes(5)); // the used token's time has run out too

        async Task<List<Guid>> ListAsync(TokenStatusFilter filter) =>
            (await tokens.ListAsync(editor, video.Id, new TokenQuery(filter), TestContext.Current.CancellationToken)).Value!.Items.Select(t => t.Code).ToList();

        Assert.Equal([active.Code], await ListAsync(TokenStatusFilter.Active));
        Assert.Equal([expired.Code], await ListAsync(TokenStatusFilter.TimedOut));
        Assert.Equal([used.Code], await ListAsync(TokenStatusFilter.Used));
        Assert.Equal([revoked.Code], await ListAsync(TokenStatusFilter.Revoked));
        Assert.Equal(3, (await tokens.ListAsync(editor, video.Id, new TokenQuery(TokenStatusFilter.Expired), TestContext.Current.CancellationToken)).Value!.TotalCount);
        var usedView = (await tokens.GetAsync(editor, video.Id, used.Code, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal((TokenState.Used, TokenStatus.Expired, (DateTime?)now), (usedView.State, usedView.Status, usedView.EndedAt));
        var revokedView = (await tokens.GetAsync(editor, video.Id, revoked.Code, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal((TokenState.Revoked, TokenStatus.Expired, (DateTime?)now), (revokedView.State, revokedView.Status, revokedView.EndedAt));
    }
}
