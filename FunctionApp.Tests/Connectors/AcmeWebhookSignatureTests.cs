using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.Connectors;

public sealed class AcmeWebhookSignatureTests
{
    private const string Path = "/sandbox/acme/api/order-notifications";

    [Fact]
    public async Task Order_notifications_are_signed_so_Acme_accepts_them()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);

        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Single(await orders.AcmeAsync(placed.InstanceId, "NotifyOrder"));
    }

    [Fact]
    public async Task Acme_refuses_a_notification_that_is_unsigned_wrongly_signed_altered_or_stale()
    {
        await using var app = await AppFactory.StartAsync();
        using var http = app.CreateApiClient(null);
        const string body = """{"reference":"r-1","status":"Confirmed","acmeOrderId":"ACME-1"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var unsigned = await SendAsync(http, body, null);
        var wrongKey = await SendAsync(http, body, Sign("another-secret-0123456789abcdefghij", now, body));
        var altered = await SendAsync(http, body.Replace("Confirmed", "Cancelled", StringComparison.Ordinal), Sign(TestSettings.AcmeWebhookSecret, now, body));
        var stale = await SendAsync(http, body, Sign(TestSettings.AcmeWebhookSecret, now - 600, body));
        var valid = await SendAsync(http, body, Sign(TestSettings.AcmeWebhookSecret, now, body));

        foreach (var refused in new[] { unsigned, wrongKey, altered, stale })
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task With_a_webhook_secret_Acme_does_not_share_the_order_fails_naming_Acme()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Integrations:Acme:WebhookSecret"] = "not-the-secret-acme-has-0123456789abc",
            ["Orders:StepAttempts"] = "1",
        });
        var orders = new OrderDriver(app);

        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));

        Assert.Equal(HttpStatusCode.BadGateway, placed.Response.StatusCode);
        Assert.Contains("Acme", placed.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("401", placed.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "any");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        if (signature is not null)
        {
            request.Headers.Add("X-Acme-Signature", signature);
        }

        return await http.SendAsync(request);
    }

    private static string Sign(string secret, long t, string body)
    {
        var text = t.ToString(CultureInfo.InvariantCulture) + "." + body;
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)))}";
    }
}
