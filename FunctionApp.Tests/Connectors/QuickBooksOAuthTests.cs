using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FunctionApp.Connectors;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Connectors;

/// <summary>QuickBooks calls carry OAuth 2.0 access tokens from the token endpoint, refreshed before they expire.</summary>
public sealed class QuickBooksOAuthTests
{
    private const string ShortLived = "00:00:02";

    [Fact]
    public async Task Orders_keep_confirming_across_access_token_expiry()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Sandbox:QuickBooks:AccessTokenLifetime"] = ShortLived });
        var orders = new OrderDriver(app);
        var tokens = app.Services.GetRequiredService<QuickBooksTokens>();

        var first = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));
        var firstToken = await tokens.GetAccessTokenAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var second = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));
        var secondToken = await tokens.GetAccessTokenAsync(CancellationToken.None);

        Assert.Equal("Confirmed", first.Body.GetProperty("status").GetString());
        Assert.Equal("Confirmed", second.Body.GetProperty("status").GetString());
        Assert.NotEqual(firstToken, secondToken);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        await using var app = await AppFactory.StartAsync();
        var tokens = app.Services.GetRequiredService<QuickBooksTokens>();

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => tokens.GetAccessTokenAsync(CancellationToken.None))));

        Assert.Single(all.Distinct());
    }

    [Fact]
    public async Task The_invoice_endpoint_refuses_unknown_and_expired_tokens_with_a_401_fault()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Sandbox:QuickBooks:AccessTokenLifetime"] = ShortLived });
        using var http = app.CreateApiClient(null);

        using var unknown = await PostInvoiceAsync(http, "not-a-token");
        var issued = await RequestTokenAsync(http, "test-qbo-client", TestSettings.QuickBooksClientSecret, TestSettings.QuickBooksRefreshToken);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.Equal(2, body.GetProperty("expires_in").GetInt32());
        using var valid = await PostInvoiceAsync(http, accessToken);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var expired = await PostInvoiceAsync(http, accessToken);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        foreach (var refused in new[] { unknown, expired })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var fault = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Fault");
            Assert.Equal("AUTHENTICATION", fault.GetProperty("type").GetString());
            Assert.Equal("3200", fault.GetProperty("Error")[0].GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task The_token_endpoint_refuses_a_wrong_client_or_refresh_token()
    {
        await using var app = await AppFactory.StartAsync();
        using var http = app.CreateApiClient(null);

        using var wrongClient = await RequestTokenAsync(http, "test-qbo-client", "wrong-secret", TestSettings.QuickBooksRefreshToken);
        using var wrongGrant = await RequestTokenAsync(http, "test-qbo-client", TestSettings.QuickBooksClientSecret, "wrong-refresh-token");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongClient.StatusCode);
        Assert.Equal("invalid_client", (await wrongClient.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongGrant.StatusCode);
        Assert.Equal("invalid_grant", (await wrongGrant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_refused_refresh_token_fails_the_call_without_showing_it()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Integrations:QuickBooks:RefreshToken"] = "revoked-refresh-token-0123456789" });
        var tokens = app.Services.GetRequiredService<QuickBooksTokens>();

        var failed = await Assert.ThrowsAsync<IntegrationException>(() => tokens.GetAccessTokenAsync(CancellationToken.None));

        Assert.Equal(400, failed.Status);
        Assert.Contains("invalid_grant", failed.Message);
        Assert.DoesNotContain("revoked-refresh-token", failed.ToString());
        Assert.DoesNotContain(TestSettings.QuickBooksClientSecret, failed.ToString());
    }

    [Fact]
    public async Task A_rotated_refresh_token_survives_a_restart_and_is_stored_encrypted()
    {
        var shared = RotatingSandbox();
        var exchanges = new ConcurrentQueue<TokenExchange>();

        string rotated;
        await using (var first = await StartAsync(shared, exchanges))
        {
            var placed = await new OrderDriver(first).PlaceAsync(OrderDriver.Order(await new OrderDriver(first).StockedSkuAsync()));
            Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
            rotated = Assert.Single(exchanges).Answered!;
        }

        exchanges.Clear();
        await using var second = await StartAsync(shared, exchanges);
        var orders = new OrderDriver(second);
        var next = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));
        var stored = await ReadStoredRecordAsync(second, shared);

        Assert.Equal("Confirmed", next.Body.GetProperty("status").GetString());
        var exchange = Assert.Single(exchanges);
        Assert.Equal((rotated, 200), (exchange.Presented, exchange.Status));
        foreach (var token in new[] { TestSettings.QuickBooksRefreshToken, rotated, exchange.Answered! })
        {
            Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(token)), stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_newly_configured_refresh_token_wins_over_the_stored_chain()
    {
        var shared = RotatingSandbox();
        var exchanges = new ConcurrentQueue<TokenExchange>();
        await using (var first = await StartAsync(shared, exchanges))
        {
            await first.Services.GetRequiredService<QuickBooksTokens>().GetAccessTokenAsync(CancellationToken.None);
        }

        exchanges.Clear();
        // An operator re-consented: the Sandbox's chain restarts from the new token, and the app is configured with it.
        const string reconsented = "test-qbo-reconsented-refresh-token-0123456789";
        await using var second = await StartAsync(
            new Dictionary<string, string?>(shared)
            {
                ["Integrations:QuickBooks:RefreshToken"] = reconsented,
                ["Sandbox:QuickBooks:RefreshToken"] = reconsented,
            },
            exchanges);
        var orders = new OrderDriver(second);
        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));

        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        var exchange = Assert.Single(exchanges);
        Assert.Equal((reconsented, 200), (exchange.Presented, exchange.Status));
    }

    [Fact]
    public async Task A_refused_stored_refresh_token_falls_back_to_the_configured_one()
    {
        var shared = RotatingSandbox();
        var exchanges = new ConcurrentQueue<TokenExchange>();
        string rotated;
        await using (var first = await StartAsync(shared, exchanges))
        {
            await first.Services.GetRequiredService<QuickBooksTokens>().GetAccessTokenAsync(CancellationToken.None);
            rotated = Assert.Single(exchanges).Answered!;

            // The Sandbox forgets its chain, so the configured token is the valid one again and the stored one is not.
            var table = first.Services.GetRequiredService<TableServiceClient>().GetTableClient(shared["Sandbox:TablePrefix"] + "oauth");
            await table.DeleteEntityAsync("quickbooks", "refresh-token");
        }

        exchanges.Clear();
        await using var second = await StartAsync(shared, exchanges);
        var orders = new OrderDriver(second);
        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));

        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        Assert.Equal(
            [(rotated, 400), (TestSettings.QuickBooksRefreshToken, 200)],
            exchanges.Select(exchange => (exchange.Presented, exchange.Status)));
    }

    [Fact]
    public async Task Unreachable_storage_does_not_stop_refreshing_with_the_token_in_memory()
    {
        var exchanges = new ConcurrentQueue<TokenExchange>();
        var unreachable = new BlobServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), new BlobClientOptions { Retry = { MaxRetries = 0 } });
        await using var app = await StartAsync(
            RotatingSandbox(),
            exchanges,
            services => services.AddSingleton(provider => new RefreshTokenStore(unreachable, provider.GetRequiredService<IConfiguration>())));
        var tokens = app.Services.GetRequiredService<QuickBooksTokens>();

        var first = await tokens.GetAccessTokenAsync(CancellationToken.None);
        tokens.Invalidate(first);
        var second = await tokens.GetAccessTokenAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(
            [(TestSettings.QuickBooksRefreshToken, 200), (exchanges.First().Answered, 200)],
            exchanges.Select(exchange => ((string?)exchange.Presented, exchange.Status)));
    }

    /// <summary>Settings two apps share: the Sandbox rotating refresh tokens, its tables, the task hub and the token container.</summary>
    private static Dictionary<string, string?> RotatingSandbox()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new Dictionary<string, string?>
        {
            ["Sandbox:QuickBooks:RotateRefreshTokens"] = "true",
            ["Sandbox:TablePrefix"] = "sb" + id,
            ["Durable:TaskHubName"] = "t" + id,
            ["LocalHost:HostId"] = "t" + id,
            ["Integrations:QuickBooks:TokenContainer"] = "tokens-" + id,
        };
    }

    private static Task<AppFactory> StartAsync(Dictionary<string, string?> settings, ConcurrentQueue<TokenExchange> exchanges, Action<IServiceCollection>? services = null) =>
        AppFactory.StartAsync(settings, collection =>
        {
            collection.AddHttpClient(QuickBooksTokens.ClientName).AddHttpMessageHandler(() => new TokenExchangeRecorder(exchanges));
            services?.Invoke(collection);
        });

    private static async Task<string> ReadStoredRecordAsync(AppFactory app, Dictionary<string, string?> settings)
    {
        var blob = app.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(settings["Integrations:QuickBooks:TokenContainer"])
            .GetBlobClient("quickbooks/123456");
        return (await blob.DownloadContentAsync()).Value.Content.ToString();
    }

    private static Task<HttpResponseMessage> PostInvoiceAsync(HttpClient http, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"sandbox/quickbooks/v3/company/123456/invoice?requestid={Guid.NewGuid():N}")
        {
            Content = JsonContent.Create(new
            {
                CustomerRef = new { value = "ann@example.com" },
                Line = new[] { new { Amount = 1m, DetailType = "SalesItemLineDetail" } },
            }, options: ConnectorJson.AsDeclared),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string clientSecret, string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "sandbox/quickbooks/oauth2/v1/tokens/bearer")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
        return http.SendAsync(request);
    }

    /// <summary>One call to the token endpoint: the refresh token sent, the status, and the refresh token answered.</summary>
    private sealed record TokenExchange(string? Presented, int Status, string? Answered);

    /// <summary>Records what the app's token client sends and receives (a test may look at tokens; the app never logs them).</summary>
    private sealed class TokenExchangeRecorder(ConcurrentQueue<TokenExchange> exchanges) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            var presented = form.Split('&')
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair[0] == "refresh_token")
                .Select(pair => Uri.UnescapeDataString(pair[1].Replace('+', ' ')))
                .FirstOrDefault();
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var answered = response.IsSuccessStatusCode && JsonSerializer.Deserialize<JsonElement>(body).TryGetProperty("refresh_token", out var token)
                ? token.GetString()
                : null;
            exchanges.Enqueue(new TokenExchange(presented, (int)response.StatusCode, answered));
            return response;
        }
    }
}
