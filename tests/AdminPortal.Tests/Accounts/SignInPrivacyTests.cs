using System.Diagnostics;
using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Accounts;

/// <summary>The sign-in page tells nobody which e-mails belong to an account: same words, same time, no lockout page for guessers.</summary>
public sealed class SignInPrivacyTests(PortalFactoryFixture fixture, ITestOutputHelper output) : IClassFixture<PortalFactoryFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    private async Task<(HttpStatusCode Status, string Text, double Milliseconds)> TryAsync(string email, string password)
    {
        var client = factory.Browser();
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/Login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/Account/Login", form);
        watch.Stop();
        return (response.StatusCode, await Forms.TextAsync(response), watch.Elapsed.TotalMilliseconds);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_answer_alike_and_take_as_long()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        var unknown = new List<double>();
        var known = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var stranger = await TryAsync($"nobody-{i}@demo.test", "Wrong-Password-1");
            var member = await TryAsync(editor.Name, "Wrong-Password-1");
            Assert.Equal(HttpStatusCode.OK, stranger.Status);
            Assert.Equal(HttpStatusCode.OK, member.Status);
            Assert.Contains("The e-mail or password is not right.", stranger.Text, StringComparison.Ordinal);
            Assert.Contains("The e-mail or password is not right.", member.Text, StringComparison.Ordinal);
            unknown.Add(stranger.Milliseconds);
            known.Add(member.Milliseconds);
            if (i == 2)
            {
                // Stay below the lockout threshold.
                using var scope = factory.Services.CreateScope();
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Data.ApplicationUser>>();
                await users.ResetAccessFailedCountAsync((await users.FindByIdAsync(editor.UserId))!);
            }
        }

        // Both pay for one password hash and are held to the same average; without that an unknown e-mail answers in a few ms.
        var unknownMedian = unknown.Order().ElementAt(3);
        var knownMedian = known.Order().ElementAt(3);
        output.WriteLine($"Median answer: unknown e-mail {unknownMedian:F1} ms, real account with a wrong password {knownMedian:F1} ms");
        Assert.True(unknownMedian > knownMedian * 0.5 && unknownMedian < knownMedian * 2, $"unknown {unknownMedian:F1} ms, real account {knownMedian:F1} ms");
    }

    [Fact]
    public async Task A_locked_account_shows_the_lockout_page_only_to_whoever_knows_the_password()
    {
        var editor = await factory.StaffAsync(StaffRole.Editor);
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(editor.Name, "Wrong-Password-" + i);
        }

        // A guesser with another wrong password sees what an unknown e-mail gets.
        var guess = await TryAsync(editor.Name, "Still-Wrong-1");
        var stranger = await TryAsync("nobody-locked@demo.test", "Still-Wrong-1");
        Assert.Equal(HttpStatusCode.OK, guess.Status);
        Assert.Equal(stranger.Status, guess.Status);
        Assert.Contains("The e-mail or password is not right.", guess.Text, StringComparison.Ordinal);

        var owner = await TryAsync(editor.Name, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
    }

    [Fact]
    public async Task An_invited_member_who_has_not_chosen_a_password_looks_like_nobody()
    {
        var admin = await factory.AdminAsync();
        var email = $"pending-{Guid.NewGuid():N}@demo.test";
        Assert.True((await factory.Service<StaffService>().InviteAsync(admin, email, null, StaffRole.Viewer, "http://localhost")).IsOk);

        var pending = await TryAsync(email, "");
        var attempt = await TryAsync(email, "Any-Password-1");

        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        Assert.Contains("The e-mail or password is not right.", attempt.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, pending.Status);
    }
}
