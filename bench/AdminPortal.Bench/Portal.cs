using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace AdminPortal.Bench;

/// <summary>
/// The published app in Production on 127.0.0.1 with a fresh database in a temporary folder. Its organization and
/// first Admin come from the ordinary seed settings (Seed:*), which work in any environment for whoever controls the
/// configuration; the password is random per run.
/// </summary>
public sealed class Portal : IAsyncDisposable
{
    public const string OrganizationCode = "bench";
    public const string AdminEmail = "bench-admin@bench.local";

    /// <summary>
    /// The app's rate limits (its <c>RateLimits</c> section: sign-in posts and API login per address, token minting per
    /// API key) raised far above what the bench sends, so its token create and API login figures measure the work, not
    /// the limiter. Unknown keys are ignored by a build without the limiter.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnthrottledLimits = new Dictionary<string, string>
    {
        ["RateLimits__SignIn__PermitLimit"] = "1000000000",
        ["RateLimits__ApiLogin__PermitLimit"] = "1000000000",
        ["RateLimits__TokenMinting__PermitLimit"] = "1000000000",
        // The --webhooks run's receiver is the bench's own, on loopback over http.
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowPrivateNetworks"] = "true",
    };

    private readonly Process process;
    private readonly StreamWriter log;

    private Portal(Process process, StreamWriter log, string baseUrl, string dataDirectory, string adminPassword)
    {
        this.process = process;
        this.log = log;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        AdminPassword = adminPassword;
    }

    public string BaseUrl { get; }
    public string DataDirectory { get; }
    public string AdminPassword { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "adminportal.db");
    public int ProcessId => process.Id;

    public static async Task<string> PublishAsync(string repo, string work, string configuration)
    {
        var output = Path.Combine(work, "app");
        var project = Path.Combine(repo, "src", "AdminPortal.Web", "AdminPortal.Web.csproj");
        var (code, text) = await Shell.RunAsync("dotnet", ["publish", project, "-c", configuration, "-o", output, "-nologo", "-v", "q", "-clp:ErrorsOnly"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({code}):\n{text}");
        }
        return output;
    }

    public static async Task<Portal> StartAsync(string app, string work)
    {
        var dataDirectory = Path.Combine(work, "data");
        var port = FreeLoopbackPort();
        var password = "Bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "AdminPortal.Web.dll")])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AdminPortal__DataDirectory"] = dataDirectory;
        start.Environment["Seed__OrganizationCode"] = OrganizationCode;
        start.Environment["Seed__OrganizationName"] = "Benchmark";
        start.Environment["Seed__AdminEmail"] = AdminEmail;
        start.Environment["Seed__AdminPassword"] = password;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in UnthrottledLimits)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var log = new StreamWriter(Path.Combine(work, "app.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var portal = new Portal(process, log, $"http://127.0.0.1:{port}", dataDirectory, password);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting; see {work}/app.log");
            }
            try
            {
                if ((await http.GetAsync(portal.BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return portal;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }
            await Task.Delay(200);
        }
        await portal.DisposeAsync();
        throw new InvalidOperationException("The app did not answer /healthz within 90 s.");
    }

    /// <summary>Resident memory of the app's process, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        await log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Runs a command and captures what it printed.</summary>
public static class Shell
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
