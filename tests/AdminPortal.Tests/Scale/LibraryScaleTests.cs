using System.Diagnostics;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Scale;

/// <summary>
/// The staff pages' queries at the sizes the product promises: 10,000 videos in a library and 100,000 tokens on
/// one video. Rows are bulk-inserted with SQL; the reads go through the same services the grids call.
/// </summary>
public sealed class LibraryScaleTests(SqlRecordingFixture fixture) : IClassFixture<SqlRecordingFixture>
{
    private const int Budget = 500; // ms per page, on this 2-core machine under a parallel test run
    private readonly SqlRecordingPortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Video_library_pages_stay_bounded_with_10000_videos()
    {
        var admin = await factory.StaffAsync(StaffRole.Admin, "big-library");
        await using (var db = await factory.DbAsync())
        {
            // The same rows on either provider, in each one's dialect.
            await db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgreSql ? """
                INSERT INTO "Videos" ("Id", "OrganizationId", "Title", "DurationSeconds", "Bytes", "MediaFile", "ContentType", "ThumbnailFile", "Status",
                                      "ProcessingPercent", "CreatedAt")
                SELECT 'big' || lpad(i::text, 13, '0'), {0}, 'Lesson ' || lpad(i::text, 5, '0'), i % 3600, i * 1000::bigint, 'big' || lpad(i::text, 13, '0') || '.mp4',
                       'video/mp4', NULL, 1, 100, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
                FROM generate_series(1, 10000) AS i
                """ : """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                INSERT INTO Videos (Id, OrganizationId, Title, DurationSeconds, Bytes, MediaFile, ContentType, ThumbnailFile, Status, CreatedAt)
                SELECT printf('big%013d', i), {0}, printf('Lesson %05d', i), i % 3600, i * 1000, printf('big%013d.mp4', i),
                       'video/mp4', NULL, 1, strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', printf('+%d seconds', i))
                FROM n
                """, admin.OrganizationId);
        }
        var catalog = factory.Service<VideoCatalog>();
        await catalog.ListAsync(admin, new VideoQuery()); // warm up

        var queries = new (VideoQuery Query, int Total, string First)[]
        {
            (new VideoQuery(Limit: 20), 10_000, "Lesson 10000"),
            (new VideoQuery(Offset: 5_000, Limit: 20), 10_000, "Lesson 05000"),
            (new VideoQuery(Offset: 9_980, Limit: 20), 10_000, "Lesson 00020"),
            (new VideoQuery(SortBy: VideoSort.Title, Descending: false, Offset: 100, Limit: 50), 10_000, "Lesson 00101"),
            (new VideoQuery(Search: "Lesson 099", Limit: 20), 100, "Lesson 09999"),
        };
        foreach (var (query, total, first) in queries)
        {
            var commands = factory.Sql.RecordThisFlow();
            var watch = Stopwatch.StartNew();
            var page = await catalog.ListAsync(admin, query);
            watch.Stop();

            TestContext.Current.TestOutputHelper?.WriteLine($"{query}: {watch.ElapsedMilliseconds} ms");
            Assert.Equal(total, page.TotalCount);
            Assert.Equal(first, page.Items[0].Title);
            // A count and one page (with each row's active-token count as a subquery): never a query per row.
            // Only the library's own commands: background workers may query meanwhile.
            var library = commands();
            Assert.Equal(2, library.Count);
            Assert.Contains("LIMIT", library[^1], StringComparison.Ordinal);
            Assert.True(watch.ElapsedMilliseconds < Budget, $"{query} took {watch.ElapsedMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Token_grid_pages_stay_bounded_with_100000_tokens_on_one_video()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor, "big-tokens");
        var video = await factory.VideoAsync("big-tokens");
        await using (var db = await factory.DbAsync())
        {
            // A third revoked, a third past their time, a third active; the same rows on either provider.
            await db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgreSql ? """
                INSERT INTO "AccessTokens" ("Code", "OrganizationId", "VideoId", "ValidUntil", "ExpiresAfterFirstUsage", "RevokedAt", "UseCount", "LastUsedAt",
                                            "Annotations", "AllowedIps", "CreatedAt", "ModifiedAt", "CreatedBy")
                SELECT gen_random_uuid(), {0}, {1},
                       CASE WHEN i % 3 = 1 THEN timestamptz '2026-01-01 00:00:00+00' END,
                       false,
                       CASE WHEN i % 3 = 0 THEN timestamptz '2026-01-01 00:00:00+00' END,
                       0, NULL, '[]', ARRAY[]::text[],
                       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
                       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
                       'bulk'
                FROM generate_series(1, 100000) AS i
                """ : """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO AccessTokens (Code, OrganizationId, VideoId, ValidUntil, ExpiresAfterFirstUsage, RevokedAt, UseCount, LastUsedAt,
                                          Annotations, CreatedAt, ModifiedAt, CreatedBy)
                SELECT upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
                       {0}, {1},
                       CASE WHEN i % 3 = 1 THEN '2026-01-01 00:00:00' ELSE NULL END,
                       0,
                       CASE WHEN i % 3 = 0 THEN '2026-01-01 00:00:00' ELSE NULL END,
                       0, NULL, '[]',
                       strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', printf('+%d seconds', i)),
                       strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', printf('+%d seconds', i)),
                       'bulk'
                FROM (SELECT i, lower(hex(randomblob(16))) AS h FROM n)
                """, video.OrganizationId, video.Id);
            await VideoTokenCounts.RecountAsync(db);
            if (TestDatabase.IsPostgreSql)
            {
                // What autovacuum does to a table after a bulk load: statistics, and the visibility map that lets a deep
                // page skip index entries without visiting their rows.
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "AccessTokens" """);
            }
        }
        var tokens = factory.Service<TokenService>();
        await tokens.ListAsync(editor, video.Id, new TokenQuery()); // warm up

        var queries = new (TokenQuery Query, int Total)[]
        {
            (new TokenQuery(Limit: 20), 100_000),
            (new TokenQuery(Offset: 50_000, Limit: 20), 100_000),
            (new TokenQuery(Offset: 99_980, Limit: 20), 100_000),
            (new TokenQuery(TokenStatusFilter.Active, Limit: 50), 33_333),
            (new TokenQuery(TokenStatusFilter.Expired, Offset: 30_000, Limit: 50), 66_667),
            (new TokenQuery(SortBy: TokenSort.ValidUntil, Limit: 20), 100_000),
        };
        foreach (var (query, total) in queries)
        {
            var commands = factory.Sql.RecordThisFlow();
            var watch = Stopwatch.StartNew();
            var page = await tokens.ListAsync(editor, video.Id, query);
            watch.Stop();

            TestContext.Current.TestOutputHelper?.WriteLine($"{query}: {watch.ElapsedMilliseconds} ms");
            Assert.Equal(total, page.Value!.TotalCount);
            Assert.Equal(Math.Min(query.Limit, total - query.Offset), page.Value.Items.Count);
            // The video check with the counts, and one page.
            // The test's own commands on the grid's tables (a worker's timer started on this flow may record here too).
            var own = commands().Where(c => c.Contains("\"AccessTokens\"", StringComparison.Ordinal) || c.Contains("\"Videos\"", StringComparison.Ordinal)).ToList();
            Assert.True(own.Count == 2, $"{query} ran {own.Count} commands:\n{string.Join("\n---\n", own)}");
            Assert.Contains("LIMIT", own[^1], StringComparison.Ordinal);
            Assert.True(watch.ElapsedMilliseconds < Budget, $"{query} took {watch.ElapsedMilliseconds} ms");
        }
    }
}
