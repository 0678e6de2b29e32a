using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Tests.Playback;

public sealed class MediaEndpointTests(PortalFactoryFixture fixture) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Seed", "Samples", "product-demo.mp4");

    [Fact]
    public async Task Media_without_a_signature_is_403()
    {
        var video = await factory.VideoAsync();

        var response = await factory.Browser().GetAsync($"/media/{video.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Media_with_a_bad_signature_or_one_for_another_video_is_403()
    {
        var video = await factory.VideoAsync();
        var other = await factory.VideoAsync();
        var signer = factory.Service<MediaSigner>();
        var good = signer.SignedPath(video.Id, TimeSpan.FromHours(1));
        var tampered = Regex.Replace(good, "signature=.", "signature=A");
        var otherVideo = signer.SignedPath(other.Id, TimeSpan.FromHours(1)).Replace(other.Id, video.Id, StringComparison.Ordinal);
        var longer = Regex.Replace(good, "expires=(\\d+)", m => "expires=" + (long.Parse(m.Groups[1].Value) + 3600));

        foreach (var url in new[] { tampered, otherVideo, longer, $"/media/{video.Id}?expires=abc&signature=xyz" })
        {
            var response = await factory.Browser().GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Media_with_an_expired_signature_is_403()
    {
        var video = await factory.VideoAsync();
        var url = factory.Service<MediaSigner>().SignedPath(video.Id, TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync(url)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.Browser().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Media_with_a_good_signature_serves_the_whole_file()
    {
        var video = await factory.VideoAsync();
        var url = factory.Service<MediaSigner>().SignedPath(video.Id, TimeSpan.FromHours(1));

        var response = await factory.Browser().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal(await File.ReadAllBytesAsync(SamplePath), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Range_request_answers_206_with_exactly_those_bytes()
    {
        var video = await factory.VideoAsync();
        var url = factory.Service<MediaSigner>().SignedPath(video.Id, TimeSpan.FromHours(1));
        var expected = (await File.ReadAllBytesAsync(SamplePath))[1000..2000];
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        var response = await factory.Browser().SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(1000, response.Content.Headers.ContentRange!.From);
        Assert.Equal(1999, response.Content.Headers.ContentRange.To);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Started_playback_keeps_its_media_after_the_token_expires()
    {
        var video = await factory.VideoAsync();
        var token = (await factory.Service<TokenService>().CreateAsync(await factory.AdminAsync(), video.Id,
            new TokenChanges { TimeToLive = 30L })).Value!;
        var page = await factory.Browser().GetStringAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Code}");
        var media = WebUtility.HtmlDecode(Regex.Match(page, "src=\"(/media/[^\"]+)\"").Groups[1].Value);

        factory.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.Forbidden,
            (await factory.Browser().GetAsync($"/embed/{PortalFactory.OrgCode}/{video.Id}/?access_token={token.Code}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync(media)).StatusCode);
    }
}
