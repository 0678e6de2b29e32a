using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Tests.Playback;

public sealed class PlayerPageTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private async Task<(Video Video, TokenView Token)> TokenAsync(TokenChanges? changes = null, string orgCode = PortalFactory.OrgCode)
    {
        var video = await factory.VideoAsync(orgCode);
        var actor = orgCode == PortalFactory.OrgCode ? await factory.AdminAsync() : await factory.StaffAsync(Web.Staff.StaffRole.Editor, orgCode);
        var result = await factory.Service<TokenService>().CreateAsync(actor, video.Id, changes ?? new TokenChanges());
        Assert.True(result.IsOk, result.Message);
        return (video, result.Value!);
    }

    private static string Url(Video video, Guid code, string org = PortalFactory.OrgCode) => $"/embed/{org}/{video.Id}/?access_token={code}";

    private async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> LoadAsync(string url, string? referrer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }
        var response = await factory.Browser().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Active_token_serves_the_player_with_a_signed_media_url_and_records_the_load()
    {
        var (video, token) = await TokenAsync();

        var (status, html, response) = await LoadAsync(Url(video, token.Code), "https://school.example.com/lesson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<video", html, StringComparison.Ordinal);
        Assert.Matches($"src=\"/media/{video.Id}\\?expires=\\d+&amp;signature=[A-Za-z0-9_-]+\"", html);
        Assert.Contains("/js/player.js", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));

        await using var db = await factory.DbAsync();
        var stored = await db.AccessTokens.SingleAsync(t => t.Code == token.Code);
        Assert.Equal(1, stored.UseCount);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.LastUsedAt);
        var record = await db.PlaybackRecords.SingleAsync(r => r.AccessTokenId == stored.Id);
        Assert.Equal(video.Id, record.VideoId);
        Assert.Equal("https://school.example.com/lesson", record.Referrer);

        var view = await factory.Service<TokenService>().GetAsync(await factory.AdminAsync(), video.Id, token.Code);
        Assert.Equal(1, view.Value!.UseCount);
        Assert.NotNull(view.Value.LastUsedAt);
    }

    [Theory]
    [InlineData("/embed/{org}/{video}/?access_token={code}")]
    [InlineData("/embed/{org}/{video}?access_token={code}")]
    [InlineData("/embed/{video}/?access_token={code}")]
    [InlineData("/embed/{video}?access_token={code}")]
    public async Task Both_url_forms_play_with_or_without_trailing_slash(string template)
    {
        var (video, token) = await TokenAsync();
        var url = template.Replace("{org}", PortalFactory.OrgCode).Replace("{video}", video.Id).Replace("{code}", token.Code.ToString());

        var (status, _, _) = await LoadAsync(url);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("malformed")]
    [InlineData("missing")]
    [InlineData("wrong-org")]
    [InlineData("unknown-video")]
    public async Task Unknown_links_answer_404_in_plain_words_without_video(string kind)
    {
        var (video, token) = await TokenAsync();
        await factory.OrganizationAsync("other");
        var url = kind switch
        {
            "unknown" => Url(video, Guid.NewGuid()),
            "malformed" => $"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token=not-a-code%3Cscript%3E",
            "missing" => $"/embed/{PortalFactory.OrgCode}/{video.Id}/",
            "wrong-org" => Url(video, token.Code, "other"),
            _ => Url(new Video { Id = VideoIds.New(), Title = "", MediaFile = "", ContentType = "" }, token.Code),
        };

        var (status, html, response) = await LoadAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("This video link is not valid.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Expired_token_is_refused_once_the_clock_passes_its_time_to_live()
    {
        var (video, token) = await TokenAsync(new TokenChanges { TimeToLive = 60L });
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(Url(video, token.Code))).Status);

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var (status, html, _) = await LoadAsync(Url(video, token.Code));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("This link has expired.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_token_is_refused()
    {
        var (video, token) = await TokenAsync();
        await factory.Service<TokenService>().RevokeAsync(await factory.AdminAsync(), video.Id, token.Code);

        var (status, html, _) = await LoadAsync(Url(video, token.Code));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("This link was revoked.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_use_token_plays_once()
    {
        var (video, token) = await TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });

        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(Url(video, token.Code))).Status);
        var (status, html, _) = await LoadAsync(Url(video, token.Code));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("This link has already been used.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_of_another_video_is_refused_with_403()
    {
        var (_, token) = await TokenAsync();
        var other = await factory.VideoAsync(title: "Another");

        var (status, html, _) = await LoadAsync(Url(other, token.Code));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("This link is for a different video.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_concurrent_loads_of_a_single_use_token_give_exactly_one_200()
    {
        var (video, token) = await TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var url = Url(video, token.Code);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await factory.Browser().GetAsync(url);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(49, statuses.Count(s => s == HttpStatusCode.Forbidden));
        await using var db = await factory.DbAsync();
        var stored = await db.AccessTokens.SingleAsync(t => t.Code == token.Code);
        Assert.Equal(1, stored.UseCount);
        Assert.Equal(1, await db.PlaybackRecords.CountAsync(r => r.AccessTokenId == stored.Id));
    }

    [Fact]
    public async Task Placeholders_are_filled_in_when_the_page_is_served()
    {
        var (video, token) = await TokenAsync(new TokenChanges
        {
            Annotations = new List<AnnotationInput> { new() { Text = "Viewer {ip} on {date}, code {code}" } },
        });

        var (status, html, _) = await LoadAsync(Url(video, token.Code));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"on 2026-11-23, code {token.Code:D}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{ip}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{date}", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("</script><script>alert(1)</script>")]
    public async Task Annotation_text_cannot_inject_markup(string text)
    {
        var (video, token) = await TokenAsync(new TokenChanges
        {
            Annotations = new List<AnnotationInput> { new() { Text = text }, new() { Type = "dynamic", Text = text } },
        });

        var (status, html, _) = await LoadAsync(Url(video, token.Code));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        // Only our own two script tags: the JSON block and the module.
        Assert.Equal(2, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.Contains("\\u003C", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Player_parameters_shape_the_video_element()
    {
        var (video, token) = await TokenAsync();

        var (_, plain, _) = await LoadAsync(Url(video, token.Code));
        var (_, background, _) = await LoadAsync(Url(video, token.Code) + "&background=1&playRates=0.5,2,9,abc");
        var (_, chosen, _) = await LoadAsync(Url(video, token.Code) + "&autoplay=1&muted=1&loop=1&playRates=0.5,1.5,2,9,abc");

        Assert.Contains(" controls", plain, StringComparison.Ordinal);
        Assert.DoesNotContain(" autoplay", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"rate\"", plain, StringComparison.Ordinal);
        Assert.Contains("controlslist=\"nofullscreen", plain, StringComparison.Ordinal);

        Assert.DoesNotMatch("\\scontrols[\\s>]", background);
        Assert.Contains(" autoplay muted loop", background, StringComparison.Ordinal);

        Assert.Contains(" controls autoplay muted loop", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"0.5\">", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"1\" selected>", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"1.5\">", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2\">", chosen, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"9\"", chosen, StringComparison.Ordinal);
    }
}
