using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Api;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.AspNetCore.Hosting;

namespace AdminPortal.Tests.Hardening;

/// <summary>The app with low limits, so a handful of requests reaches them.</summary>
public sealed class LowRateLimitFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "3");
        builder.UseSetting("RateLimits:SignIn:Window", "00:10:00");
        builder.UseSetting("RateLimits:ApiLogin:PermitLimit", "3");
        builder.UseSetting("RateLimits:ApiLogin:Window", "00:10:00");
        builder.UseSetting("RateLimits:TokenMinting:PermitLimit", "2");
        builder.UseSetting("RateLimits:TokenMinting:Window", "00:10:00");
    }
}

/// <summary>Guessing passwords and minting tokens are throttled with 429 and Retry-After; each test gets its own app, so its own counters.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Sign_in_posts_across_accounts_beyond_the_limit_answer_429_with_retry_after()
    {
        await using var factory = new LowRateLimitFactory();
        var client = factory.Browser();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await SignIn.PostAsync(client, $"someone{i}@demo.test", "wrong-password-1");
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.InRange(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        // Reading the sign-in page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Api_logins_beyond_the_limit_answer_429_json_with_retry_after()
    {
        await using var factory = new LowRateLimitFactory();
        using var client = ApiKit.Anonymous(factory);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsync("/api/auth/login/", ApiKit.Json(new JsonObject
            {
                ["username"] = $"nobody{i}@demo.test",
                ["password"] = "wrong-password-1",
                ["organization_id"] = PortalFactory.OrgCode,
            }));
        }

        var json = await ApiKit.ExpectAsync(last!, HttpStatusCode.TooManyRequests);
        Assert.Contains("Try again", json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(last!.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Token_minting_is_limited_per_api_key_and_reads_and_the_player_are_not()
    {
        await using var factory = new LowRateLimitFactory();
        var org = ApiKit.NewOrg();
        var (_, first) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var (_, second) = await ApiKit.StaffClientAsync(factory, StaffRole.Editor, org);
        var video = await factory.VideoAsync(org);
        var url = ApiKit.V1Tokens(org, video.Id);

        var minted = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            minted.Add((await first.PostAsync(url, ApiKit.Json(new JsonObject()))).StatusCode);
        }
        var viaOtherForm = await first.PostAsync(ApiKit.AdminTokens(video.Id), ApiKit.Json(new JsonObject()));
        var otherKey = await second.PostAsync(url, ApiKit.Json(new JsonObject()));
        var list = await first.GetAsync(url);
        var code = (await ApiKit.BodyAsync(list))["results"]!.AsArray()[0]!["code"]!.GetValue<string>();
        var player = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            player.Add((await ApiKit.Anonymous(factory).GetAsync($"/embed/{org}/{video.Id}/?access_token={code}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], minted);
        Assert.Equal(HttpStatusCode.TooManyRequests, viaOtherForm.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, player);
    }
}
