using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FunctionApp.Callbacks;

/// <summary>
/// Decides whether the app may call a URL back: absolute http(s) without credentials, on an allowed host, and (outside
/// Development) https to public addresses only, checked again on the addresses the connection actually goes to, so DNS
/// cannot point a callback at the internal network (not even by answering differently at check and at connect time).
/// </summary>
internal sealed class CallbackUrlPolicy(IOptions<CallbackOptions> options)
{
    public const int MaxLength = 2048;

    /// <summary>Null if the URL is acceptable, else why not.</summary>
    public string? Check(string url)
    {
        var settings = options.Value;
        if (url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"The callback URL must be an absolute URL of at most {MaxLength} characters.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(settings.AllowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "The callback URL must use https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The callback URL may not carry credentials.";
        }

        if (settings.AllowedHosts.Length > 0 && !settings.AllowedHosts.Any(pattern => HostMatches(uri.IdnHost, pattern)))
        {
            return $"The callback host '{uri.Host}' is not in the allowed list.";
        }

        if (!settings.AllowPrivateNetworks && (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && !IsPublic(ip))))
        {
            return "The callback URL may not point at a loopback or private address.";
        }

        return null;
    }

    /// <summary>Throws if the URL is no longer acceptable (the settings may have changed since it was accepted).</summary>
    public void EnsureSafeToCall(Uri uri)
    {
        if (Check(uri.ToString()) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>
    /// The connect step of the callback client: resolves the host and connects only to addresses the policy allows. Checking
    /// here rather than before sending leaves no second DNS lookup that could answer with another address.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0 || (!options.Value.AllowPrivateNetworks && addresses.Any(a => !IsPublic(a))))
        {
            throw new HttpRequestException($"The callback host '{host}' resolves to no address or to a non-public one.");
        }

        SocketException? lastError = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to the callback host '{host}'.", lastError);
    }

    private static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);

    internal static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] == 0
                || b[0] >= 224);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }
}
