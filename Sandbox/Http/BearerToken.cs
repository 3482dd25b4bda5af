using Microsoft.AspNetCore.Http;

namespace Sandbox.Http;

/// <summary>The check the simulated OAuth-protected services make: some bearer token is present (it is not verified).</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static bool IsPresent(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null
            && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(header[Scheme.Length..]);
    }
}
