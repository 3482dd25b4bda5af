using System.Net;

namespace DevStorage;

/// <summary>The storage emulator's endpoints a connection string points at, when it points at one on this machine.</summary>
/// <param name="Blob">The Blob service, e.g. <c>http://127.0.0.1:10000</c>.</param>
/// <param name="Queue">The Queue service, e.g. <c>http://127.0.0.1:10001</c>.</param>
/// <param name="Table">The Table service, e.g. <c>http://127.0.0.1:10002</c>.</param>
public sealed record EmulatorEndpoints(Uri Blob, Uri Queue, Uri Table)
{
    private static readonly EmulatorEndpoints Default = new(new("http://127.0.0.1:10000"), new("http://127.0.0.1:10001"), new("http://127.0.0.1:10002"));

    /// <summary>
    /// The endpoints of <paramref name="connectionString"/>: Azurite's default ports for <c>UseDevelopmentStorage=true</c>,
    /// or its explicit Blob, Queue and Table endpoints when all three are loopback http addresses.
    /// </summary>
    /// <param name="connectionString">A storage connection string, or null.</param>
    /// <returns>The endpoints, or null when the connection string is empty or points elsewhere.</returns>
    public static EmulatorEndpoints? From(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return Default;
        }

        return Loopback(parts, "BlobEndpoint") is { } blob && Loopback(parts, "QueueEndpoint") is { } queue && Loopback(parts, "TableEndpoint") is { } table
            ? new EmulatorEndpoints(blob, queue, table)
            : null;
    }

    private static Uri? Loopback(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
            ? new Uri($"http://{uri.Host}:{uri.Port}")
            : null;
}
