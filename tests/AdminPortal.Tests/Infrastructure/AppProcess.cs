using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>The built web project run as a process, so it can be killed like a crashed server.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;

    private AppProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public const string Org = "durable";
    public const string Email = "admin@durable.test";
    public const string Password = "Durable-Password-1";

    /// <summary>Starts the app on <paramref name="dataDirectory"/> with the "durable" organization seeded, plus any <paramref name="environment"/> settings.</summary>
    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        // tests/AdminPortal.Tests/bin/<Configuration>/net10.0 → src/AdminPortal.Web/bin/<Configuration>/net10.0
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var appFolder = Path.Combine(root, "src", "AdminPortal.Web", "bin", configuration, testBin.Name);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var start = new ProcessStartInfo("dotnet", [Path.Combine(appFolder, "AdminPortal.Web.dll")])
        {
            WorkingDirectory = appFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AdminPortal__DataDirectory"] = dataDirectory;
        start.Environment["Seed__OrganizationCode"] = Org;
        start.Environment["Seed__AdminEmail"] = Email;
        start.Environment["Seed__AdminPassword"] = Password;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Four creators on one API key mint far past the per-key limit (RateLimits section) within the minute.
        start.Environment["RateLimits__TokenMinting__PermitLimit"] = "1000000000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, $"http://127.0.0.1:{port}");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(process.HasExited, $"The app exited with {(process.HasExited ? process.ExitCode : 0)} while starting.");
            try
            {
                if ((await probe.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not up yet.
            }
            await Task.Delay(200);
        }
        app.Dispose();
        throw new TimeoutException("The app did not start within 90 s.");
    }

    public async Task<HttpClient> ClientAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var login = await client.PostAsJsonAsync("/api/auth/login/", new { username = Email, password = Password, organization_id = Org });
        var key = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, like a crash or the OOM killer.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
