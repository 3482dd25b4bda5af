using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using Azure;

namespace FunctionApp.Connectors;

/// <summary>
/// QuickBooks Online OAuth 2.0 access tokens: obtained from the token endpoint with the refresh token and the client's
/// id and secret, kept in memory, and refreshed shortly before they expire, one refresh at a time.
/// </summary>
/// <remarks>
/// Intuit may answer a refresh with a new refresh token and retire the old one after a while. The newest one is used
/// from then on and kept, encrypted, in storage (<see cref="RefreshTokenStore"/>), read once before the first refresh,
/// so that a restarted app or another instance does not refresh with a retired one. The configured refresh token wins
/// over a stored chain that does not descend from it (an operator re-consented), and is tried once when the stored one
/// is refused. Storage failing is logged and otherwise ignored: the token in memory keeps working. A token the service
/// refuses (401) is dropped so that the next call gets a fresh one. No token is ever logged.
/// </remarks>
internal sealed partial class QuickBooksTokens(
    IHttpClientFactory clients,
    IntegrationEndpoints endpoints,
    RefreshTokenStore store,
    TimeProvider time,
    ILogger<QuickBooksTokens> logger)
{
    /// <summary>The name of the token endpoint's HTTP client.</summary>
    public const string ClientName = "QuickBooksOAuth";

    /// <summary>Intuit's token endpoint, used when QuickBooks has a <c>BaseUrl</c> (the real service) and no <c>TokenUrl</c>.</summary>
    public static readonly Uri IntuitTokenUrl = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    // Storage is a convenience here: a slow account must not hold up a refresh for the SDK's whole retry budget.
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile CachedToken? current;

    // Only touched while holding `refreshing`.
    private RefreshChain? chain;

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
        var configured = settings.RefreshToken!;
        var origin = RefreshTokenStore.Fingerprint(configured);
        if (chain?.Origin != origin)
        {
            // The first refresh, or an operator configured another token: its chain starts over from it.
            chain = new RefreshChain(origin);
        }

        if (!chain.Loaded)
        {
            await LoadAsync(settings, chain, cancellationToken);
        }

        var presented = chain.Newest ?? configured;
        var sentAt = time.GetUtcNow();
        TokenResponse answer;
        try
        {
            answer = await ExchangeAsync(settings, presented, cancellationToken);
        }
        catch (IntegrationException e) when (presented != configured && e.Status == 400 && e.Message.Contains("invalid_grant", StringComparison.Ordinal))
        {
            LogStoredTokenRefused(logger);
            chain.Newest = null;
            presented = configured;
            sentAt = time.GetUtcNow();
            answer = await ExchangeAsync(settings, configured, cancellationToken);
        }

        if (!string.IsNullOrEmpty(answer.RefreshToken) && answer.RefreshToken != presented)
        {
            chain.Newest = answer.RefreshToken;
        }

        // Stored when it differs from the stored one; the configured token needs no storing unless it replaces a refused one.
        var newest = chain.Newest ?? configured;
        if (newest != chain.Stored && (chain.Stored is not null || newest != configured))
        {
            await SaveAsync(settings, chain, newest, cancellationToken);
        }

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
        return new CachedToken(answer.AccessToken!, sentAt + lifetime - margin);
    }

    private async Task<TokenResponse> ExchangeAsync(IntegrationOptions settings, string refreshToken, CancellationToken cancellationToken)
    {
        var tokenUrl = !string.IsNullOrWhiteSpace(settings.TokenUrl) ? new Uri(settings.TokenUrl)
            : !string.IsNullOrWhiteSpace(settings.BaseUrl) ? IntuitTokenUrl
            : new Uri(endpoints.BaseUrl(QuickBooksClient.System), "oauth2/v1/tokens/bearer");
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }),
        };
        var client = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", client);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var http = clients.CreateClient(ClientName);
        using var response = await http.SendGuardedAsync(request, QuickBooksClient.System, settings.Timeout, cancellationToken);
        // An error body names the OAuth error (invalid_grant, invalid_client); it never echoes the credentials.
        var answer = await response.ReadAsync<TokenResponse>(QuickBooksClient.System, cancellationToken);
        if (string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn <= 0)
        {
            throw new IntegrationException(QuickBooksClient.System, (int)response.StatusCode, "The token endpoint answered without an access token or lifetime.");
        }

        return answer;
    }

    private async Task LoadAsync(IntegrationOptions settings, RefreshChain loading, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await WithStorageTimeoutAsync(token => store.ReadAsync(settings, loading.Origin, token), cancellationToken);
            loading.Loaded = true;
            loading.ETag = stored.ETag;
            loading.Stored = stored.RefreshToken;
            // A token rotated in memory while storage was unreachable is newer than the stored one.
            loading.Newest ??= stored.RefreshToken;
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            LogReadFailed(logger, e);
        }
    }

    private async Task SaveAsync(IntegrationOptions settings, RefreshChain saving, string newest, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var written = await WithStorageTimeoutAsync(token => store.TryWriteAsync(settings, saving.Origin, newest, saving.ETag, token), cancellationToken);
                if (written is { } etag)
                {
                    saving.ETag = etag;
                    saving.Stored = newest;
                    return;
                }

                // Someone wrote since we looked. If we had looked, that was another instance rotating: theirs is the newest.
                var knewTheBlob = saving.Loaded;
                var theirs = await WithStorageTimeoutAsync(token => store.ReadAsync(settings, saving.Origin, token), cancellationToken);
                saving.Loaded = true;
                saving.ETag = theirs.ETag;
                saving.Stored = theirs.RefreshToken;
                if (knewTheBlob && theirs.RefreshToken is { } rotated)
                {
                    LogRotatedElsewhere(logger);
                    saving.Newest = rotated;
                    return;
                }
            }
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            LogWriteFailed(logger, e);
        }
    }

    private async Task<T> WithStorageTimeoutAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(StorageTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await operation(linked.Token);
    }

    private static bool IsStorageFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    [LoggerMessage(EventId = 1, EventName = "QuickBooksStoredRefreshTokenRefused", Level = LogLevel.Warning,
        Message = "The token endpoint refused the stored QuickBooks refresh token (invalid_grant); trying the configured one.")]
    private static partial void LogStoredTokenRefused(ILogger logger);

    [LoggerMessage(EventId = 2, EventName = "QuickBooksRefreshTokenReadFailed", Level = LogLevel.Warning,
        Message = "Could not read the stored QuickBooks refresh token; refreshing with the one in memory or the configured one.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "QuickBooksRefreshTokenWriteFailed", Level = LogLevel.Warning,
        Message = "Could not store the rotated QuickBooks refresh token; it is kept in memory and stored at the next refresh.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "QuickBooksRefreshTokenRotatedElsewhere", Level = LogLevel.Information,
        Message = "Another instance stored a newer QuickBooks refresh token; using it.")]
    private static partial void LogRotatedElsewhere(ILogger logger);

    /// <summary>The refresh tokens descending from one configured refresh token, as far as this instance knows them.</summary>
    private sealed class RefreshChain(string origin)
    {
        /// <summary>The fingerprint of the configured refresh token the chain starts from.</summary>
        public string Origin { get; } = origin;

        /// <summary>Whether the stored record has been read (or written) successfully.</summary>
        public bool Loaded { get; set; }

        /// <summary>The stored blob's ETag; null when there is none.</summary>
        public ETag? ETag { get; set; }

        /// <summary>The token the blob holds for this chain; null when it holds none.</summary>
        public string? Stored { get; set; }

        /// <summary>The token to refresh with next; null for the configured one.</summary>
        public string? Newest { get; set; }

        public override string ToString() => nameof(RefreshChain);
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
