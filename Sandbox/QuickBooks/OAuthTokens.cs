using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sandbox.QuickBooks;

/// <summary>
/// The access tokens the simulated Intuit OAuth 2.0 server has issued, in memory: a token is valid on the process that
/// issued it until it expires, as the real ones are valid for an hour.
/// </summary>
internal sealed class OAuthTokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> issued = new(StringComparer.Ordinal);

    public string Issue(TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        foreach (var (token, expiry) in issued)
        {
            if (expiry <= now)
            {
                issued.TryRemove(token, out _);
            }
        }

        var accessToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        issued[accessToken] = now + lifetime;
        return accessToken;
    }

    /// <summary>Whether the request carries a bearer token this server issued and that has not expired.</summary>
    public bool IsValid(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        string? header = request.Headers.Authorization;
        return header is not null
            && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && issued.TryGetValue(header[Scheme.Length..].Trim(), out var expiry)
            && expiry > time.GetUtcNow();
    }
}
