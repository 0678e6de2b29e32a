using System.Net;
using System.Text.RegularExpressions;
using OtpNet;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>Posts the static account pages' forms as a browser does: the page's anti-forgery token and the form's name.</summary>
public static partial class Forms
{
    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex AuthenticatorKey();

    /// <param name="tokenFrom">Where to read the anti-forgery token, when the page itself shows no form.</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields,
        string? tokenFrom = null)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, tokenFrom ?? path);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token, ["_handler"] = formName };
        return await client.PostAsync(path, new FormUrlEncodedContent(body));
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The authenticator key shown on the set-up page, without its spaces.</summary>
    public static string KeyFrom(string html) => AuthenticatorKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The code an authenticator app shows now for this key (Identity checks against the real time).</summary>
    public static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>A code that is not right for the key now nor in the windows either side.</summary>
    public static string WrongCodeFor(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var now = DateTime.UtcNow;
        var right = new[] { totp.ComputeTotp(now.AddSeconds(-30)), totp.ComputeTotp(now), totp.ComputeTotp(now.AddSeconds(30)) };
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(code => !right.Contains(code));
    }
}
