using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunctionApp.Connectors;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
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
}
