using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using Microsoft.EntityFrameworkCore;
using AdminPortal.Tests.Api;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Tokens;

/// <summary>The viewer label: both API forms, the {viewer} placeholder in the player, and the grid's indexed search.</summary>
public sealed class NamedViewerTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Both_api_forms_take_the_viewer_and_answer_it_only_when_set()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var v1 = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject { ["viewer"] = "  ann@school.example  " })),
            HttpStatusCode.Created);
        Assert.Equal([.. TokenFields, "viewer"], Keys(v1));
        Assert.Equal("ann@school.example", v1["viewer"]!.GetValue<string>());

        var admin = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Json(new JsonObject { ["viewer"] = "Student 17" })),
            HttpStatusCode.Created);
        Assert.Equal("Student 17", admin["viewer"]!.GetValue<string>());

        var cleared = await ExpectAsync(await SendAsync(client, "PATCH", admin["url"]!.GetValue<string>(), Json(new JsonObject { ["viewer"] = null })),
            HttpStatusCode.OK);
        Assert.False(cleared.ContainsKey("viewer"));

        var renamed = await ExpectAsync(await SendAsync(client, "PUT", V1Tokens(org, video.Id) + v1["code"] + "/", Json(new JsonObject { ["viewer"] = "Bo" })),
            HttpStatusCode.OK);
        Assert.Equal("Bo", renamed["viewer"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("17")]
    [InlineData("[\"a\"]")]
    [InlineData("\"line\\nbreak\"")]
    [InlineData("\"\\ud800\"")]
    public async Task A_bad_viewer_is_a_400_naming_the_field_and_creates_nothing(string json)
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var body = await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Raw($"{{\"viewer\": {json}}}")), HttpStatusCode.BadRequest);

        Assert.Equal(["viewer"], Keys(body));
        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.VideoId == video.Id));
    }

    [Fact]
    public async Task A_viewer_over_200_characters_is_refused_and_200_are_taken()
    {
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);

        var tooLong = await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Json(new JsonObject { ["viewer"] = new string('x', 201) })),
            HttpStatusCode.BadRequest);
        Assert.Equal(["viewer"], Keys(tooLong));
        await ExpectAsync(await client.PostAsync(AdminTokens(video.Id), Json(new JsonObject { ["viewer"] = new string('x', 200) })), HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_viewer_placeholder_is_filled_in_the_player_and_stays_plain_text()
    {
        var admin = await factory.AdminAsync();
        var video = await factory.VideoAsync();
        var label = "<b>Ann</b> & \"Bo\" {code}";
        var token = (await factory.Service<TokenService>().CreateAsync(admin, video.Id, new TokenChanges
        {
            Viewer = label,
            Annotations = new List<AnnotationInput> { new() { Text = "For {viewer}" } },
        })).Value!;

        var html = await factory.Browser().GetStringAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Code}");

        Assert.DoesNotContain("{viewer}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Ann", html, StringComparison.Ordinal);
        // The label rides in attribute-encoded JSON; decoded, it is the label exactly, its "{code}" not filled in.
        var config = System.Net.WebUtility.HtmlDecode(html[(html.IndexOf("data-config=\"", StringComparison.Ordinal) + 13)..].Split('"')[0]);
        var text = JsonNode.Parse(config)!["annotations"]![0]!["text"]!.GetValue<string>();
        Assert.Equal("For " + label, text);
    }

    [Fact]
    public void Placeholders_fill_viewer_with_nothing_when_the_token_has_none()
    {
        var code = Guid.NewGuid();
        Assert.Equal("[] 1.2.3.4", WatermarkPlaceholders.Fill("[{viewer}] {ip}", "1.2.3.4", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), code));
        Assert.Equal("[Ann]", WatermarkPlaceholders.Fill("[{viewer}]", "ip", DateTime.UnixEpoch, code, "Ann"));
    }

    [Fact]
    public async Task The_grid_finds_tokens_by_the_start_of_the_viewer_in_any_case_or_by_code_through_indexes()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var other = await factory.VideoAsync(org);
        var tokens = factory.Service<TokenService>();
        foreach (var name in new[] { "Ann@School.example", "anna@school.example", "bo@school.example" })
        {
            await tokens.CreateAsync(editor, video.Id, new TokenChanges { Viewer = name });
        }
        await tokens.CreateAsync(editor, other.Id, new TokenChanges { Viewer = "ann@other.example" });
        var unnamed = (await tokens.CreateAsync(editor, video.Id, new TokenChanges())).Value!;

        async Task<string[]> FindAsync(string search) => (await tokens.ListAsync(editor, video.Id, new TokenQuery(Search: search))).Value!.Items
            .Select(t => t.Viewer ?? t.Code.ToString()).Order().ToArray();

        Assert.Equal(["Ann@School.example", "anna@school.example"], await FindAsync("ANN"));
        Assert.Equal(["Ann@School.example"], await FindAsync("ann@"));
        Assert.Empty(await FindAsync("zed"));
        Assert.Equal([unnamed.Code.ToString()], await FindAsync(unnamed.Code.ToString("D")[..8].ToUpperInvariant()));
        Assert.Equal([unnamed.Code.ToString()], await FindAsync(unnamed.Code.ToString()));
        Assert.Equal(2, (await tokens.ListAsync(editor, video.Id, new TokenQuery(Search: "ann"))).Value!.TotalCount);
    }
}

/// <summary>Searches are index seeks, never scans of the tokens table.</summary>
public sealed class TokenSearchPlanTests(SqlRecordingFixture fixture) : IClassFixture<SqlRecordingFixture>
{
    private readonly SqlRecordingPortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Grid_searches_by_viewer_or_code_prefix_seek_their_indexes()
    {
        Assert.SkipWhen(TestDatabase.IsPostgreSql, "A SQLite query plan.");
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var tokens = factory.Service<TokenService>();
        var token = (await tokens.CreateAsync(editor, video.Id, new TokenChanges { Viewer = "ann" })).Value!;

        foreach (var (search, index) in new[] { ("ann", "IX_AccessTokens_VideoId_ViewerKey"), (token.Code.ToString("D")[..8], "IX_AccessTokens_CodePrefix_OrganizationId") })
        {
            factory.Sql.Clear();
            Assert.Equal(1, (await tokens.ListAsync(editor, video.Id, new TokenQuery(Search: search))).Value!.TotalCount);
            var plans = new List<string>();
            foreach (var sql in factory.Sql.Commands.Where(c => c.Contains("FROM \"AccessTokens\"", StringComparison.Ordinal)))
            {
                plans.AddRange(await PlanAsync(factory, sql));
            }
            Assert.Contains(plans, step => step.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plans, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("VideoTokenCounts", StringComparison.Ordinal));
        }
    }

    public static async Task<List<string>> PlanAsync(PortalFactory factory, string sql)
    {
        await using var db = await factory.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }
}
