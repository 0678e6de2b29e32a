using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Common;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using static AdminPortal.Tests.Api.ApiKit;

namespace AdminPortal.Tests.Tokens;

/// <summary>Watermark presets: saved, renamed and deleted by Editors and Admins; one default, chosen by an Admin, for API tokens.</summary>
public sealed class WatermarkPresetTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static readonly List<AnnotationInput> Marks = [new() { Text = "{viewer} {ip}", Type = "dynamic" }, new() { Text = "Academy", X = 5 }];

    [Fact]
    public async Task Editors_save_rename_and_delete_presets_and_names_are_unique_per_organization()
    {
        var org = NewOrg();
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var viewer = await factory.StaffAsync(StaffRole.Viewer, org);
        var presets = factory.Service<WatermarkPresetService>();

        var saved = (await presets.SaveAsync(editor, "  Lecture  ", Marks)).Value!;
        Assert.Equal("Lecture", saved.Name);
        Assert.Equal(["{viewer} {ip}", "Academy"], saved.Annotations.Select(a => a.Text));
        Assert.Contains("name", (await presets.SaveAsync(editor, "Lecture", Marks)).Errors.Fields);
        Assert.Contains("name", (await presets.SaveAsync(editor, " ", Marks)).Errors.Fields);
        Assert.Contains("annotations", (await presets.SaveAsync(editor, "Empty", [])).Errors.Fields);
        Assert.Contains("annotations[0].color", (await presets.SaveAsync(editor, "Bad", [new() { Text = "x", Color = "red" }])).Errors.Fields);
        Assert.Equal(ResultStatus.Forbidden, (await presets.SaveAsync(viewer, "Mine", Marks)).Status);
        Assert.True((await presets.SaveAsync(await factory.StaffAsync(StaffRole.Editor, NewOrg()), "Lecture", Marks)).IsOk, "another organization may use the name");

        var second = (await presets.SaveAsync(editor, "Exam", Marks)).Value!;
        Assert.Contains("name", (await presets.RenameAsync(editor, second.Id, "lecture ".Trim().Replace('l', 'L'))).Errors.Fields);
        Assert.Equal("Final exam", (await presets.RenameAsync(editor, second.Id, "Final exam")).Value!.Name);
        Assert.Equal(["Final exam", "Lecture"], (await presets.ListAsync(editor)).Select(p => p.Name));
        Assert.Equal(ResultStatus.Forbidden, (await presets.DeleteAsync(viewer, saved.Id)).Status);
        Assert.True((await presets.DeleteAsync(editor, saved.Id)).IsOk);
        Assert.Equal(["Final exam"], (await presets.ListAsync(viewer)).Select(p => p.Name));

        var stranger = await factory.StaffAsync(StaffRole.Admin, NewOrg());
        Assert.Equal(ResultStatus.NotFound, (await presets.DeleteAsync(stranger, second.Id)).Status);
        Assert.Equal(ResultStatus.NotFound, (await presets.RenameAsync(stranger, second.Id, "Mine")).Status);
        Assert.Equal(ResultStatus.NotFound, (await presets.SetDefaultAsync(stranger, second.Id)).Status);
    }

    [Fact]
    public async Task Api_tokens_without_annotations_get_the_default_preset_and_an_explicit_empty_list_gets_none()
    {
        var org = NewOrg();
        var admin = await factory.StaffAsync(StaffRole.Admin, org);
        var editor = await factory.StaffAsync(StaffRole.Editor, org);
        var presets = factory.Service<WatermarkPresetService>();
        var video = await factory.VideoAsync(org);
        var (_, client) = await StaffClientAsync(factory, StaffRole.Editor, org);
        var first = (await presets.SaveAsync(editor, "First", Marks)).Value!;
        var second = (await presets.SaveAsync(editor, "Second", [new() { Text = "Second" }])).Value!;

        async Task<JsonArray> CreateAsync(string body) =>
            (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Raw(body)), HttpStatusCode.Created))["annotations"]!.AsArray();

        Assert.Empty(await CreateAsync("{}"));
        Assert.Equal(ResultStatus.Forbidden, (await presets.SetDefaultAsync(editor, first.Id)).Status);
        Assert.True((await presets.SetDefaultAsync(admin, first.Id)).IsOk);

        var defaulted = await CreateAsync("{\"time_to_live\": 60}");
        Assert.Equal(["{viewer} {ip}", "Academy"], defaulted.Select(a => a!["text"]!.GetValue<string>()));
        Assert.Empty(await CreateAsync("{\"annotations\": []}"));
        Assert.Equal(["Own"], (await CreateAsync("{\"annotations\": [{\"text\": \"Own\"}]}")).Select(a => a!["text"]!.GetValue<string>()));

        // One default at a time; removing it, or deleting the preset, leaves none.
        Assert.True((await presets.SetDefaultAsync(admin, second.Id)).IsOk);
        Assert.Equal([false, true], (await presets.ListAsync(admin)).Select(p => p.IsDefault));
        Assert.Equal(["Second"], (await CreateAsync("{}")).Select(a => a!["text"]!.GetValue<string>()));
        Assert.True((await presets.DeleteAsync(editor, second.Id)).IsOk);
        Assert.Empty(await CreateAsync("{}"));

        // An update without annotations keeps the token's own.
        var code = (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), Raw("{\"annotations\": []}")), HttpStatusCode.Created))["code"]!;
        Assert.True((await presets.SetDefaultAsync(admin, first.Id)).IsOk);
        var patched = await ExpectAsync(await SendAsync(client, "PATCH", V1Tokens(org, video.Id) + code + "/", Raw("{\"time_to_live\": 5}")), HttpStatusCode.OK);
        Assert.Empty(patched["annotations"]!.AsArray());
    }
}
