using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

namespace FunctionApp.Connectors;

/// <summary>
/// QuickBooks Online OAuth 2.0 access tokens: obtained from the token endpoint with the refresh token and the client's
/// id and secret, kept in memory, and refreshed shortly before they expire, one refresh at a time.
/// </summary>
/// <remarks>
/// Intuit may answer a refresh with a new refresh token; the newest one is used from then on. A token the service
/// refuses (401) is dropped so that the next call gets a fresh one. Nothing here is logged: every value is a secret.
/// </remarks>
internal sealed class QuickBooksTokens(IHttpClientFactory clients, IntegrationEndpoints endpoints, TimeProvider time)
{
    /// <summary>The name of the token endpoint's HTTP client.</summary>
    public const string ClientName = "QuickBooksOAuth";

    /// <summary>Intuit's token endpoint, used when QuickBooks has a <c>BaseUrl</c> (the real service) and no <c>TokenUrl</c>.</summary>
    public static readonly Uri IntuitTokenUrl = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile CachedToken? current;
    private string? rotatedRefreshToken;

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(QuickBooksClient.System);
        if (string.IsNullOrEmpty(settings.RefreshToken))
        {
            // A fixed access token (no refresh token configured): it lasts an hour, for a short manual test.
            return settings.ApiKey is { Length: > 0 } fixedToken
                ? fixedToken
                : throw new IntegrationException(QuickBooksClient.System, null, "Integrations:QuickBooks:RefreshToken (with ClientId and ClientSecret) is not set.");
        }

        if (current is { } token && token.IsFresh(time.GetUtcNow()))
        {
            return token.AccessToken;
        }

        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (current is { } refreshed && refreshed.IsFresh(time.GetUtcNow()))
            {
                return refreshed.AccessToken;
            }

            current = await RefreshAsync(settings, cancellationToken);
            return current.AccessToken;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>Forgets <paramref name="accessToken"/> if it is still the cached one (the service refused it).</summary>
    public void Invalidate(string accessToken)
    {
        if (current is { } token && token.AccessToken == accessToken)
        {
            current = null;
        }
    }

    private async Task<CachedToken> RefreshAsync(IntegrationOptions settings, CancellationToken cancellationToken)
    {
        var tokenUrl = !string.IsNullOrWhiteSpace(settings.TokenUrl) ? new Uri(settings.TokenUrl)
            : !string.IsNullOrWhiteSpace(settings.BaseUrl) ? IntuitTokenUrl
            : new Uri(endpoints.BaseUrl(QuickBooksClient.System), "oauth2/v1/tokens/bearer");
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = rotatedRefreshToken ?? settings.RefreshToken!,
            }),
        };
        var client = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", client);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var sentAt = time.GetUtcNow();
        var http = clients.CreateClient(ClientName);
        using var response = await http.SendGuardedAsync(request, QuickBooksClient.System, settings.Timeout, cancellationToken);
        // An error body names the OAuth error (invalid_grant, invalid_client); it never echoes the credentials.
        var answer = await response.ReadAsync<TokenResponse>(QuickBooksClient.System, cancellationToken);
        if (string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn <= 0)
        {
            throw new IntegrationException(QuickBooksClient.System, (int)response.StatusCode, "The token endpoint answered without an access token or lifetime.");
        }

        if (!string.IsNullOrEmpty(answer.RefreshToken))
        {
            rotatedRefreshToken = answer.RefreshToken;
        }

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
        return new CachedToken(answer.AccessToken, sentAt + lifetime - margin);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAfter)
    {
        public bool IsFresh(DateTimeOffset now) => now < RefreshAfter;

        // Records print their members; this one holds a secret.
        public override string ToString() => nameof(CachedToken);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken)
    {
        public override string ToString() => nameof(TokenResponse);
    }
}
