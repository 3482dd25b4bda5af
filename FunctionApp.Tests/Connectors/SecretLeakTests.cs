using System.Net;
using FunctionApp.Connectors;
using FunctionApp.Telemetry;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionApp.Tests.Connectors;

/// <summary>No secret shows in a log entry, an exception logged, or a span's attributes (exported or not), at any level.</summary>
public sealed class SecretLeakTests
{
    [Fact]
    public async Task An_order_with_retries_callbacks_and_refused_keys_logs_no_secret_even_at_trace_level()
    {
        using var collector = new LogCollector();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var app = await AppFactory.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            },
            services => services.AddSingleton<ILoggerProvider>(collector));
        var orders = new OrderDriver(app);
        var sku = await orders.StockedSkuAsync();
        await orders.Sandbox.FailNextAsync("quickbooks", 1);
        await orders.Sandbox.FailNextAsync("ses", 1);

        var placed = await orders.PlaceAsync(OrderDriver.Order(sku, callbackUrl: receiver.Url));
        await Poll.UntilAsync(() => Task.FromResult(receiver.Received.Count), count => count > 0, TimeSpan.FromSeconds(30), "the callback");
        using var wrongKey = app.CreateApiClient("wrong-key-0123456789abcdef");
        using var refused = await wrongKey.GetAsync(OrderDriver.ManagementPrefix);
        using var byQuery = app.CreateApiClient(null);
        using var keyInQuery = await byQuery.GetAsync($"{OrderDriver.StatusPath(placed.InstanceId)}?code={TestSettings.FunctionKey}");
        var accessToken = await app.Services.GetRequiredService<QuickBooksTokens>().GetAccessTokenAsync(CancellationToken.None);

        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyInQuery.StatusCode);
        var logs = collector.AllText;
        // The collector saw the connectors' HTTP traffic, headers included (redacted), so its silence means something.
        Assert.Contains(collector.Entries, entry => entry.Contains("System.Net.Http.HttpClient.QuickBooksClient", StringComparison.Ordinal)
            && entry.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.Contains(collector.Entries, entry => entry.Contains("System.Net.Http.HttpClient.SesClient", StringComparison.Ordinal)
            && entry.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.Contains("/sandbox/ses/v2/email/outbound-emails", logs);
        // And the spans the app's OpenTelemetry pipeline exports: the third-party calls it tagged, and the request that
        // carried the function key in its query.
        Assert.Contains(collector.Entries, entry => entry.StartsWith("activity ", StringComparison.Ordinal)
            && entry.Contains($"{IntegrationTelemetry.SystemTag}={QuickBooksClient.System}", StringComparison.Ordinal));
        Assert.Contains(collector.Entries, entry => entry.StartsWith("activity ", StringComparison.Ordinal)
            && entry.Contains("url.query=?code=Redacted", StringComparison.Ordinal));
        var secrets = new Dictionary<string, string>
        {
            ["function key"] = TestSettings.FunctionKey,
            ["admin key"] = TestSettings.AdminKey,
            ["callback signing key"] = TestSettings.SigningKey,
            ["QuickBooks client secret"] = TestSettings.QuickBooksClientSecret,
            ["QuickBooks refresh token"] = TestSettings.QuickBooksRefreshToken,
            ["QuickBooks access token"] = accessToken,
            ["SES secret access key"] = TestSettings.SesSecretAccessKey,
            ["Acme API key"] = TestSettings.AcmeApiKey,
            ["Acme webhook secret"] = TestSettings.AcmeWebhookSecret,
        };
        foreach (var (name, secret) in secrets)
        {
            var leak = collector.Entries.FirstOrDefault(entry => entry.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"The {name} appears in a log entry: {leak}");
        }
    }
}
