using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>
/// The built web project run as its own process in Production on a loopback port, seeded with one organization and its
/// Admin, over the test host's database (<see cref="TestDatabase"/>), so it can be killed like a crashed server.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output;

    private AppProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output, string baseUrl, int port)
    {
        this.process = process;
        this.output = output;
        BaseUrl = baseUrl;
        Port = port;
    }

    public string BaseUrl { get; }

    public int Port { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The app's last 200 lines of console output (warnings and errors in Production).</summary>
    public string Output => string.Join('\n', output);

    public const string Org = "durable";
    public const string Email = "admin@durable.test";
    public const string Password = "Durable-Password-1";

    /// <summary>The app with the "durable" organization seeded, plus any <paramref name="settings"/>.</summary>
    public static Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(dataDirectory, Org, Email, Password, settings);

    /// <param name="settings">Extra environment, e.g. another instance's database (then <see cref="TestDatabase"/> is not used).</param>
    public static async Task<AppProcess> StartAsync(string dataDirectory, string org, string email, string password,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        // tests/AdminPortal.Tests/bin/<Configuration>/net10.0 → src/AdminPortal.Web/bin/<Configuration>/net10.0
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var appFolder = Path.Combine(root, "src", "AdminPortal.Web", "bin", configuration, testBin.Name);
        var port = FreeLoopbackPort();

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
        start.Environment["Seed__OrganizationCode"] = org;
        start.Environment["Seed__AdminEmail"] = email;
        start.Environment["Seed__AdminPassword"] = password;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Load tests mint and sign in far past the per-key and per-address limits (RateLimits section) within the minute.
        start.Environment["RateLimits__TokenMinting__PermitLimit"] = "1000000000";
        start.Environment["RateLimits__SignIn__PermitLimit"] = "1000000000";
        start.Environment["RateLimits__ApiLogin__PermitLimit"] = "1000000000";
        foreach (var (key, value) in TestDatabase.EnvironmentVariables(dataDirectory, "adminportal.db"))
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, output, $"http://127.0.0.1:{port}", port);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(process.HasExited, $"The app exited with {(process.HasExited ? process.ExitCode : 0)} while starting:\n{string.Join('\n', output)}");
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

    /// <summary>An API client signed in as the "durable" organization's Admin.</summary>
    public Task<HttpClient> ClientAsync() => ClientAsync(Email, Password, Org);

    /// <summary>A client signed in to the API (a key from the login endpoint) at <paramref name="baseUrl"/> (this app's by default).</summary>
    public async Task<HttpClient> ClientAsync(string email, string password, string org, string? baseUrl = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl ?? BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var login = await client.PostAsJsonAsync("/api/auth/login/", new { username = email, password, organization_id = org });
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

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }
}
