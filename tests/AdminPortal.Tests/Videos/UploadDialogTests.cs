using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Videos;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AdminPortal.Tests.Videos;

/// <summary>A portal whose ffmpeg is missing.</summary>
public sealed class NoFfmpegFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new() { Settings = { ["Media:FfmpegPath"] = "/nonexistent/bin/ffmpeg" } };

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class UploadDialogTests(NoFfmpegFixture fixture) : PortalComponentTest(fixture.Factory), IClassFixture<NoFfmpegFixture>
{
    [Fact]
    public async Task Without_ffmpeg_the_upload_dialog_says_the_server_cannot_process_videos_and_why()
    {
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        SignInAs(await Factory.AdminAsync());
        RenderWithProviders<MudText>(_ => { });

        await Dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<UploadVideoDialog>("Upload video"));

        Dialogs.WaitForAssertion(() =>
        {
            var alert = Dialogs.Find("[data-testid=upload-unavailable]");
            Assert.Contains("This server cannot process videos: ffmpeg", alert.TextContent, StringComparison.Ordinal);
            Assert.Contains("Media:FfmpegPath", alert.TextContent, StringComparison.Ordinal);
        });
        Assert.True(Dialogs.Find("[data-testid=upload-start]").HasAttribute("disabled"));
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token", "RequestVerificationToken");
    }
}
