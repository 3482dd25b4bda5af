using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Orders;

public sealed class PlaceOrderSmokeTests
{
    [Fact]
    public async Task In_stock_order_is_confirmed_with_one_invoice_order_email_and_notification()
    {
        await using var app = await AppFactory.StartAsync();
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];
        await app.Sandbox.SetStockAsync(sku, 10);
        using var api = app.CreateApiClient();

        var response = await api.PostAsJsonAsync("/api/orders", new
        {
            customer = new { email = "ann@example.com", name = "Ann" },
            lines = new[] { new { sku, quantity = 2, unitPrice = 9.5m } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Confirmed", body.GetProperty("status").GetString());
        var instanceId = body.GetProperty("instanceId").GetString()!;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("invoiceId").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("acmeOrderId").GetString()));
        Assert.Single(await app.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
        Assert.Single(await app.Sandbox.RequestsAsync("acme", instanceId + ":"), r => r.GetProperty("operation").GetString()!.Contains("Order", StringComparison.OrdinalIgnoreCase) && !r.GetProperty("operation").GetString()!.Contains("Notif", StringComparison.OrdinalIgnoreCase));
        Assert.Single(await app.Sandbox.RequestsAsync("ses", instanceId + "."));
    }
}
