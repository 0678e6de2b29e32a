using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Operators;

namespace AdminPortal.Tests.Operators;

/// <summary>The organizations list reads its counts with one grouped query per kind of count, never one per row.</summary>
public sealed class OrganizationListQueryTests(SqlRecordingFixture fixture) : IClassFixture<SqlRecordingFixture>
{
    private readonly SqlRecordingPortalFactory factory = fixture.Factory;

    [Fact]
    public async Task A_page_of_organizations_costs_the_same_five_queries_however_many_rows_it_has()
    {
        var prefix = "q-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 30; i++)
        {
            await factory.CustomerAsync($"{prefix}-{i:00}");
        }
        var organizations = factory.Service<OrganizationAdminService>();
        var op = new PlatformOperator("operator-id", "operator@platform.test");

        var one = await QueriesDuringAsync(() => organizations.ListAsync(op, prefix, 0, 1));
        var thirty = await QueriesDuringAsync(() => organizations.ListAsync(op, prefix, 0, 30));

        // The total, the page, and one grouped query each for staff, videos and tokens.
        Assert.Equal(5, one.Count);
        Assert.Equal(5, thirty.Count);
        Assert.Equal(3, thirty.Count(c => c.Contains("GROUP BY", StringComparison.Ordinal)));
    }

    /// <summary>The list's own commands (background workers may run theirs meanwhile).</summary>
    private async Task<List<string>> QueriesDuringAsync(Func<Task> action)
    {
        factory.Sql.Clear();
        await action();
        return [.. factory.Sql.Commands.Where(c => c.Contains("GROUP BY", StringComparison.Ordinal) || c.Contains("\"Organizations\"", StringComparison.Ordinal))];
    }
}
