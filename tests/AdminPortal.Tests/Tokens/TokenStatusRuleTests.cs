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
}
