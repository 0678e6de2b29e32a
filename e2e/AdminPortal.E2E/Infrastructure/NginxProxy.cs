using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Infrastructure;

namespace AdminPortal.E2E.Infrastructure;

/// <summary>
/// Debian's nginx on a loopback port running the repository's deploy/nginx.conf, with its upstream pointed at the given
/// instances. Its access log records which instance answered each request.
/// </summary>
public sealed partial class NginxProxy : IDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";

    private readonly Process process;
    private readonly string folder;

    private NginxProxy(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public static async Task<NginxProxy> StartAsync(params int[] instancePorts)
    {
        var folder = Path.Combine(Path.GetTempPath(), "adminportal-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Workers run as nobody when started as root: they write the temporary folders and the logs.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        var port = AppProcess.FreeLoopbackPort();

        var site = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));
        var servers = UpstreamServer().Matches(site);
        Assert.Equal(instancePorts.Length, servers.Count);
        for (var i = servers.Count - 1; i >= 0; i--)
        {
            site = site[..servers[i].Groups[1].Index] + instancePorts[i] + site[(servers[i].Groups[1].Index + servers[i].Groups[1].Length)..];
        }
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "adminportal.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                log_format upstreams '$request_method $uri $status $upstream_addr';
                access_log {{folder}}/access.log upstreams;
                include {{folder}}/adminportal.conf;
            }
            """);

        var start = new ProcessStartInfo(NginxPath, ["-e", Path.Combine(folder, "error.log"), "-p", folder, "-c", Path.Combine(folder, "nginx.conf")])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, folder, port);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.False(process.HasExited, "nginx exited: " + proxy.ErrorLog());
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        proxy.Dispose();
        throw new TimeoutException("nginx did not listen within 20 s.");
    }

    /// <summary>Which instance (its port) answered each logged request whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<(string Method, string Path, int Status, string Upstream)> Log(string pathPrefix)
    {
        var lines = File.Exists(Path.Combine(folder, "access.log")) ? File.ReadAllLines(Path.Combine(folder, "access.log")) : [];
        return lines.Select(l => l.Split(' ', 4))
            .Where(p => p.Length == 4 && p[1].StartsWith(pathPrefix, StringComparison.Ordinal))
            .Select(p => (p[0], p[1], int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), p[3]))
            .ToList();
    }

    public string ErrorLog() => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static string RepositoryRoot()
    {
        // e2e/AdminPortal.E2E/bin/<Configuration>/net10.0 → the repository
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }

    [GeneratedRegex(@"server 127\.0\.0\.1:(\d+)")]
    private static partial Regex UpstreamServer();
}
