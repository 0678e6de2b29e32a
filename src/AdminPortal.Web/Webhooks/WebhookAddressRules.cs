using System.Net;
using System.Net.Sockets;
using AdminPortal.Web.Common;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Webhooks;

/// <summary>
/// Where deliveries may go: <c>https</c> (or <c>http</c> with <c>Webhooks:AllowHttp</c>), and never to loopback, private,
/// link-local or other internal addresses unless <c>Webhooks:AllowPrivateNetworks</c>. Checked when an endpoint is saved
/// and again on every connection (after the name is resolved), so a name that later resolves inward is refused too.
/// </summary>
public sealed class WebhookAddressRules(IOptions<WebhookOptions> options)
{
    public const string UrlField = "url";
    public const int MaxUrlLength = 2000;

    private static readonly (IPAddress Network, int Prefix)[] Blocked =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("64:ff9b:1::"), 48),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("fec0::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    /// <summary>Whether delivering to this address is refused: internal, unless private networks are allowed.</summary>
    public bool IsRefused(IPAddress address) => !options.Value.AllowPrivateNetworks && IsInternal(address);

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return Blocked.Any(b => b.Network.AddressFamily == address.AddressFamily && new IPNetwork(b.Network, b.Prefix).Contains(address));
    }

    /// <summary>The URL's form and scheme; the address is checked by <see cref="CheckAsync"/>.</summary>
    public Uri? Parse(string? url, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(UrlField, "Required: the https:// URL that receives the events.");
            return null;
        }
        if (url.Length > MaxUrlLength)
        {
            errors.Add(UrlField, $"At most {MaxUrlLength} characters.");
            return null;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            errors.Add(UrlField, "Must be an absolute URL such as https://example.com/webhooks.");
            return null;
        }
        if (uri.Scheme == "http" && !options.Value.AllowHttp)
        {
            errors.Add(UrlField, "Must use https://.");
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            errors.Add(UrlField, "Must not carry a user name or password.");
            return null;
        }
        return uri;
    }

    /// <summary>Parses the URL and resolves its host: every address it resolves to must be allowed.</summary>
    public async Task<Uri?> CheckAsync(string? url, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var uri = Parse(url, errors);
        if (uri is null)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            errors.Add(UrlField, $"The host \"{uri.Host}\" could not be found.");
            return null;
        }
        if (addresses.Length == 0)
        {
            errors.Add(UrlField, $"The host \"{uri.Host}\" could not be found.");
            return null;
        }
        if (addresses.FirstOrDefault(IsRefused) is { } refused)
        {
            errors.Add(UrlField, $"Must not point at a loopback, private or link-local address ({uri.Host} is {refused}).");
            return null;
        }
        return uri;
    }

    /// <summary>
    /// The connection for one delivery: resolves the host, refuses internal addresses, and connects to a checked address,
    /// so DNS cannot answer differently between the check and the connection.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The host \"{host}\" could not be found.");
        }
        if (addresses.FirstOrDefault(IsRefused) is { } refused)
        {
            throw new WebhookAddressRefusedException($"Refused: {host} resolves to {refused}, a loopback, private or link-local address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery refused because its host resolves to an internal address.</summary>
public sealed class WebhookAddressRefusedException(string message) : HttpRequestException(message);
