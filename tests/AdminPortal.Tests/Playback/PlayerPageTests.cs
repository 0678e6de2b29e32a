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
    public async Task Active_token_serves_the_player_records_the_load_and_spends_nothing()
    {
        var (video, token) = await TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });

        var (status, html, response) = await LoadAsync(Url(video, token.Code), "https://school.example.com/lesson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<video", html, StringComparison.Ordinal);
        Assert.Contains("/js/player.js", html, StringComparison.Ordinal);
        Assert.Contains("/css/player.css", html, StringComparison.Ordinal);
        // No media URL on the page: only a ticket that lets this page start a session.
        Assert.DoesNotContain("/media/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/hls/", html, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ViewerKit.Config(html).GetProperty("ticket").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("media-src 'self' blob:", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);

        await using var db = await factory.DbAsync();
        var stored = await db.AccessTokens.SingleAsync(t => t.Code == token.Code);
        Assert.Equal(0, stored.UseCount);
        Assert.Null(stored.LastUsedAt);
        var record = await db.PlaybackRecords.SingleAsync(r => r.AccessTokenId == stored.Id);
        Assert.Equal(video.Id, record.VideoId);
        Assert.Equal("https://school.example.com/lesson", record.Referrer);
        Assert.Equal(TokenStatus.Active, (await factory.Service<TokenService>().GetAsync(await factory.AdminAsync(), video.Id, token.Code)).Value!.Status);
    }

    [Fact]
    public async Task Player_page_links_honour_the_path_base()
    {
        var (video, token) = await TokenAsync();
        var server = factory.Server;
        var original = server.BaseAddress;
        server.BaseAddress = new Uri("http://localhost/portal/"); // the app mounted under /portal, as behind a proxy
        try
        {
            using var client = new HttpClient(server.CreateHandler()) { BaseAddress = server.BaseAddress };
            var html = await client.GetStringAsync("embed/" + PortalFactory.OrgCode + "/" + video.Id + "/?access_token=" + token.Code);

            Assert.Contains("href=\"/portal/css/player.css\"", html, StringComparison.Ordinal);
            Assert.Contains("src=\"/portal/js/player.js\"", html, StringComparison.Ordinal);
            Assert.Equal("/portal/play/sessions", ViewerKit.Config(html).GetProperty("start").GetString());
        }
        finally
        {
            server.BaseAddress = original;
        }
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
    public async Task Single_use_token_plays_once_and_a_load_after_the_session_start_is_the_403_page()
    {
        var (video, token) = await TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var kit = new ViewerKit(factory);
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(Url(video, token.Code))).Status);
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(Url(video, token.Code))).Status); // a prefetch, then the real load

        await kit.StartedAsync(video.Id, token.Code);
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
    public async Task Fifty_concurrent_session_starts_of_a_single_use_token_give_exactly_one_session()
    {
        var (video, token) = await TokenAsync(new TokenChanges { ExpiresAfterFirstUsage = true });
        var kit = new ViewerKit(factory);
        // Fifty pages loaded (tabs, prefetches): none spends the token.
        var tickets = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => kit.TicketAsync(video.Id, token.Code)));

        var starts = await Task.WhenAll(tickets.Select(kit.StartAsync));

        Assert.Equal(1, starts.Count(s => s.Status == HttpStatusCode.Created));
        var refused = starts.Where(s => s.Status != HttpStatusCode.Created).ToList();
        Assert.Equal(49, refused.Count);
        Assert.All(refused, s =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, s.Status);
            Assert.Equal("UsedUp", s.Body.GetProperty("reason").GetString());
            Assert.Equal("This link has already been used.", s.Body.GetProperty("message").GetString());
        });
        await using var db = await factory.DbAsync();
        var stored = await db.AccessTokens.SingleAsync(t => t.Code == token.Code);
        Assert.Equal(1, stored.UseCount);
        Assert.Equal(1, await db.PlaybackSessions.CountAsync(s => s.AccessTokenId == stored.Id));
        Assert.Equal(50, await db.PlaybackRecords.CountAsync(r => r.AccessTokenId == stored.Id));
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
    [InlineData("\" data-x=\"1")]
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
        Assert.DoesNotContain("\" data-x=", html, StringComparison.Ordinal);
        // Only our own module script; the text travels inside the encoded settings and comes back intact.
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        var annotations = ViewerKit.Config(html).GetProperty("annotations");
        Assert.Equal(text, annotations[0].GetProperty("text").GetString());
        Assert.Equal("dynamic", annotations[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Player_parameters_shape_the_player()
    {
        var (video, token) = await TokenAsync();

        var (_, plain, _) = await LoadAsync(Url(video, token.Code));
        var (_, background, _) = await LoadAsync(Url(video, token.Code) + "&background=1&playRates=0.5,2,9,abc");
        var (_, chosen, _) = await LoadAsync(Url(video, token.Code) + "&autoplay=1&muted=1&loop=1&playRates=0.5,1.5,2,9,abc");

        Assert.Contains("data-testid=\"player-start\"", plain, StringComparison.Ordinal);
        Assert.False(ViewerKit.Config(plain).GetProperty("autoplay").GetBoolean());
        Assert.True(ViewerKit.Config(plain).GetProperty("controls").GetBoolean());
        Assert.DoesNotContain("id=\"rate\"", plain, StringComparison.Ordinal);
        Assert.Contains("controlslist=\"nofullscreen", plain, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"player-quality\"", plain, StringComparison.Ordinal);

        // Background: plays by itself, silent, looping, no controls and no menus.
        Assert.DoesNotContain("player-start", background, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"rate\"", background, StringComparison.Ordinal);
        Assert.Contains(" muted loop", background, StringComparison.Ordinal);
        Assert.True(ViewerKit.Config(background).GetProperty("autoplay").GetBoolean());
        Assert.False(ViewerKit.Config(background).GetProperty("controls").GetBoolean());

        Assert.True(ViewerKit.Config(chosen).GetProperty("autoplay").GetBoolean());
        Assert.Contains(" muted loop", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"0.5\">", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"1\" selected>", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"1.5\">", chosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2\">", chosen, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"9\"", chosen, StringComparison.Ordinal);
    }
}
