using System.Net;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Data;
using AdminPortal.Web.Operators;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Operators;

/// <summary>
/// A Production install from nothing but the Bootstrap settings: the first operator is created once, signs in at the
/// ordinary sign-in page and lands on the organizations; restarts change nothing unless asked to.
/// </summary>
public sealed class OperatorBootstrapTests
{
    private const string Email = "root@platform.test";

    private sealed class ProductionFactory : PortalFactory
    {
        protected override string EnvironmentName => "Production";
    }

    private static ProductionFactory Production(string dataDirectory, string password, bool reset = false) => new()
    {
        DataDirectory = dataDirectory,
        KeepDataOnDispose = true,
        Settings =
        {
            // No Development seed: only what a real install sets.
            ["Seed:OrganizationCode"] = "",
            ["Seed:AdminEmail"] = "",
            ["Seed:AdminPassword"] = "",
            ["Bootstrap:OperatorEmail"] = Email,
            ["Bootstrap:OperatorPassword"] = password,
            ["Bootstrap:ResetOperatorPassword"] = reset ? "true" : "false",
        },
    };

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "adminportal-tests", Guid.NewGuid().ToString("N"));

    private static async Task<List<ApplicationUser>> OperatorsAsync(PortalFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        return [.. await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().GetUsersInRoleAsync(PlatformOperator.Role)];
    }

    [Fact]
    public async Task Production_with_the_two_bootstrap_settings_is_a_working_install_and_restarts_keep_one_operator()
    {
        var folder = NewFolder();
        try
        {
            await using (var first = Production(folder, "First-Password-1"))
            {
                await using (var db = await first.DbAsync())
                {
                    Assert.Empty(await db.Organizations.ToListAsync());
                }
                var browser = first.Browser();
                var signedIn = await SignIn.PostAsync(browser, Email, "First-Password-1");
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
                var home = await browser.GetAsync("/");
                Assert.EndsWith("/operator/organizations", home.Headers.Location?.OriginalString, StringComparison.Ordinal);
                var page = await browser.GetStringAsync("/operator/organizations");
                Assert.Contains("No organizations yet", page, StringComparison.Ordinal);
            }

            // A restart with another password in the settings neither adds an operator nor resets this one's password.
            await using (var second = Production(folder, "Changed-Password-2"))
            {
                var operators = await OperatorsAsync(second);
                Assert.Equal(Email, Assert.Single(operators).Email);
                Assert.Null(operators[0].OrganizationId);
                Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(second.Browser(), Email, "First-Password-1")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(second.Browser(), Email, "Changed-Password-2")).StatusCode);
            }

            // Asked for explicitly, the configured password is put back (the way in after a lost password).
            await using (var third = Production(folder, "Changed-Password-2", reset: true))
            {
                Assert.Single(await OperatorsAsync(third));
                Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(third.Browser(), Email, "Changed-Password-2")).StatusCode);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_weak_bootstrap_password_stops_the_start_with_the_reason()
    {
        var folder = NewFolder();
        try
        {
            await using var factory = Production(folder, "short");
            var error = Assert.ThrowsAny<Exception>(() => factory.Server);
            Assert.Contains("Bootstrap:OperatorPassword is too weak", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_bootstrap_email_that_is_a_staff_member_stops_the_start_instead_of_promoting_them()
    {
        await using var factory = new PortalFactory
        {
            Settings =
            {
                ["Bootstrap:OperatorEmail"] = PortalFactory.AdminEmail,
                ["Bootstrap:OperatorPassword"] = PortalFactory.Password,
            },
        };
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains("belongs to a staff member", error.ToString(), StringComparison.Ordinal);
    }
}
