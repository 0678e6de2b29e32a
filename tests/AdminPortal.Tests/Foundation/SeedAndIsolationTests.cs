using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Foundation;

public sealed class SeedAndIsolationTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Seed_creates_the_organization_admin_and_playable_samples()
    {
        await using var db = await factory.DbAsync();
        var org = await db.Organizations.SingleAsync(o => o.Code == PortalFactory.OrgCode);
        string[] titles = ["Welcome tour", "Product demo", "Lecture 01: Introduction"];
        var samples = await db.Videos.Where(v => v.OrganizationId == org.Id && titles.Contains(v.Title)).ToListAsync();

        Assert.Equal(3, samples.Count);
        var media = factory.Service<MediaStore>();
        Assert.All(samples, v =>
        {
            Assert.Equal(VideoStatus.Completed, v.Status);
            Assert.Equal(12, v.DurationSeconds);
            Assert.True(File.Exists(media.MasterPlaylist(v.Id)));
            Assert.NotNull(v.ProtectedKey);
            Assert.True(media.Exists(v.ThumbnailFile!));
            Assert.True(VideoIds.IsWellFormed(v.Id));
        });
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        async Task<(int, int, int, int)> CountAsync()
        {
            await using var db = await factory.DbAsync();
            return (await db.Organizations.CountAsync(), await db.Users.CountAsync(), await db.Videos.CountAsync(), await db.Roles.CountAsync());
        }

        var before = await CountAsync();
        await factory.Service<DatabaseInitializer>().InitializeAsync();
        await factory.Service<DatabaseInitializer>().InitializeAsync();

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Staff_of_one_organization_never_see_another_organizations_videos()
    {
        var mine = await factory.VideoAsync(PortalFactory.OrgCode, "Ours");
        var theirs = await factory.VideoAsync("rival", "Theirs");
        var viewer = await factory.StaffAsync(StaffRole.Viewer);
        var catalog = factory.Service<VideoCatalog>();

        var page = await catalog.ListAsync(viewer, new VideoQuery(Limit: 100));

        Assert.Contains(page.Items, v => v.Id == mine.Id);
        Assert.DoesNotContain(page.Items, v => v.Id == theirs.Id);
        Assert.Null(await catalog.FindAsync(viewer, theirs.Id));
        Assert.NotNull(await catalog.FindAsync(viewer, mine.Id));
        Assert.Empty((await catalog.ListAsync(viewer, new VideoQuery(Search: "Theirs"))).Items);
    }

    [Fact]
    public async Task Video_list_pages_sorts_and_searches_on_the_server()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, orgCode: "paging");
        for (var i = 0; i < 25; i++)
        {
            await factory.VideoAsync("paging", $"Clip {i:00}");
        }
        var catalog = factory.Service<VideoCatalog>();

        var second = await catalog.ListAsync(admin, new VideoQuery(SortBy: VideoSort.Title, Descending: false, Offset: 10, Limit: 10));
        var search = await catalog.ListAsync(admin, new VideoQuery(Search: "clip 2"));

        Assert.Equal(25, second.TotalCount);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"Clip {i:00}"), second.Items.Select(v => v.Title));
        Assert.Equal(5, search.TotalCount); // Clip 20 to Clip 24
    }
}
