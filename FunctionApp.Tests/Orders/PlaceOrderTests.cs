using System.Net;
using System.Text.Json;

namespace FunctionApp.Tests.Orders;

public sealed class PlaceOrderTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly OrderDriver _orders = new(fixture.App);

    [Fact]
    public async Task In_stock_order_is_confirmed_at_once_with_one_invoice_order_notification_and_customer_email()
    {
        var sku = await _orders.StockedSkuAsync(10);
        var email = OrderDriver.NewEmail();

        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku, quantity: 3, unitPrice: 12.25m, email: email));

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(placed.Body.GetProperty("invoiceId").GetString()));
        Assert.StartsWith("ACME-", placed.Body.GetProperty("acmeOrderId").GetString());
        Assert.Equal(36.75m, placed.Body.GetProperty("total").GetDecimal());
        var instanceId = placed.Body.GetProperty("instanceId").GetString()!;
        Assert.EndsWith("/api/instances/" + instanceId, placed.Body.GetProperty("statusQueryGetUri").GetString());

        var invoice = Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
        Assert.Equal(sku, invoice.GetProperty("body").GetProperty("Line")[0].GetProperty("SalesItemLineDetail").GetProperty("ItemRef").GetProperty("value").GetString());
        var acmeOrder = Assert.Single(await _orders.AcmeAsync(instanceId, "CreateOrder"));
        Assert.Equal(placed.Body.GetProperty("invoiceId").GetString(), acmeOrder.GetProperty("body").GetProperty("invoiceId").GetString());
        var notice = Assert.Single(await _orders.AcmeAsync(instanceId, "NotifyOrder"));
        Assert.Equal("Confirmed", notice.GetProperty("body").GetProperty("status").GetString());
        Assert.Equal(placed.Body.GetProperty("acmeOrderId").GetString(), notice.GetProperty("body").GetProperty("acmeOrderId").GetString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("ses", instanceId + "."));
        Assert.Single(await _orders.EmailsToAsync(instanceId, email));
    }

    [Fact]
    public async Task Out_of_stock_order_replies_back_ordered_early_waits_running_and_confirms_after_the_restock_event()
    {
        var sku = await _orders.StockedSkuAsync(1);
        var email = OrderDriver.NewEmail();

        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku, quantity: 5, email: email));

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Equal("BackOrdered", placed.Body.GetProperty("status").GetString());
        Assert.Equal([sku], placed.Body.GetProperty("backOrderedSkus").EnumerateArray().Select(s => s.GetString()));
        var instanceId = placed.Body.GetProperty("instanceId").GetString()!;
        var statusUrl = placed.Body.GetProperty("statusQueryGetUri").GetString()!;

        var waiting = await _orders.WaitForStatusAsync(statusUrl, s => s.Code == HttpStatusCode.Accepted && s.RuntimeStatus == "Running", client: _orders.Api);
        Assert.Equal(statusUrl, waiting.Response.Headers.Location?.ToString());
        Assert.NotNull(waiting.Response.Headers.RetryAfter);
        Assert.Single(await _orders.EmailsToAsync(instanceId, "warehouse@acme.test"));
        Assert.Empty(await _orders.EmailsToAsync(instanceId, email));
        var notice = Assert.Single(await _orders.AcmeAsync(instanceId, "NotifyOrder"));
        Assert.Equal("BackOrdered", notice.GetProperty("body").GetProperty("status").GetString());
        Assert.Empty(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));

        var raised = await _orders.PostAdminAsync(OrderDriver.InstancePath(instanceId) + "/raiseEvent/Restocked", new { skus = new[] { sku } });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

        var done = await _orders.WaitForStatusAsync(statusUrl, s => s.Code == HttpStatusCode.OK, client: _orders.Api);
        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
        Assert.Single(await _orders.EmailsToAsync(instanceId, email));
        Assert.Equal(["BackOrdered", "Confirmed"], (await _orders.AcmeAsync(instanceId, "NotifyOrder")).Select(n => n.GetProperty("body").GetProperty("status").GetString()).Order());
    }

    [Fact]
    public async Task Async_mode_answers_202_at_once_with_the_management_urls_and_the_status_url_gives_the_output_when_done()
    {
        var sku = await _orders.StockedSkuAsync();

        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku), "?mode=async");

        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var id = AssertCheckStatusBody(placed);
        var statusUrl = placed.Body.GetProperty("statusQueryGetUri").GetString()!;
        var seen = new List<HttpStatusCode>();
        var done = await _orders.WaitForStatusAsync(statusUrl, s =>
        {
            seen.Add(s.Code);
            return s.Code == HttpStatusCode.OK;
        }, client: _orders.Api);
        Assert.All(seen.SkipLast(1), code => Assert.Equal(HttpStatusCode.Accepted, code));
        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal(id, done.Body.GetProperty("instanceId").GetString());
        Assert.Equal("PlaceOrderOrchestrator", done.Body.GetProperty("name").GetString());
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        Assert.Equal(sku, done.Body.GetProperty("input").GetProperty("order").GetProperty("lines")[0].GetProperty("sku").GetString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", id + ":"));
    }

    [Fact]
    public async Task Status_url_answers_202_with_location_and_retry_after_while_the_order_runs()
    {
        var placed = await _orders.PlaceAsync(OrderDriver.Order(OrderDriver.NewSku()), "?mode=async");
        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var statusUrl = placed.Body.GetProperty("statusQueryGetUri").GetString()!;

        // Out of stock: the instance waits for the restock, so it stays unfinished for as long as the test looks.
        var running = await _orders.WaitForStatusAsync(statusUrl, s => s.RuntimeStatus == "Running", client: _orders.Api);

        Assert.Equal(HttpStatusCode.Accepted, running.Code);
        Assert.Equal(statusUrl, running.Response.Headers.Location?.ToString());
        Assert.Equal(TimeSpan.FromSeconds(1), running.Response.Headers.RetryAfter?.Delta);
        Assert.Equal(JsonValueKind.Null, running.Body.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task Sync_mode_with_timeout_0_answers_202_like_async_mode_and_the_order_still_completes()
    {
        var sku = await _orders.StockedSkuAsync();

        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku), "?mode=sync&timeout=0");

        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var id = AssertCheckStatusBody(placed);
        var done = await _orders.WaitForRuntimeStatusAsync(id, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Order_with_several_lines_is_back_ordered_only_for_the_short_skus()
    {
        var plenty = await _orders.StockedSkuAsync(100);
        var scarce = await _orders.StockedSkuAsync(2);
        var order = new
        {
            customer = new { email = OrderDriver.NewEmail(), name = "Bo" },
            lines = new[] { new { sku = plenty, quantity = 50, unitPrice = 1m }, new { sku = scarce, quantity = 1, unitPrice = 2m }, new { sku = scarce, quantity = 2, unitPrice = 2m } },
        };

        var placed = await _orders.PlaceAsync(order);

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Equal("BackOrdered", placed.Body.GetProperty("status").GetString());
        Assert.Equal([scarce], placed.Body.GetProperty("backOrderedSkus").EnumerateArray().Select(s => s.GetString()));
    }

    internal static string AssertCheckStatusBody(Placed placed)
    {
        var id = placed.Body.GetProperty("id").GetString()!;
        var statusUrl = placed.Body.GetProperty("statusQueryGetUri").GetString()!;
        // The status URL is the app's own function, which a function key may read; the others are Durable's management
        // API, which needs the admin key. None carries a key.
        Assert.EndsWith("/api/instances/" + id, statusUrl);
        Assert.True(Uri.IsWellFormedUriString(statusUrl, UriKind.Absolute), statusUrl);
        var management = statusUrl.Replace("/api/instances/", "/runtime/webhooks/durabletask/instances/", StringComparison.Ordinal);
        foreach (var field in new[] { "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "rewindPostUri", "restartPostUri", "purgeHistoryDeleteUri" })
        {
            Assert.StartsWith(management, placed.Body.GetProperty(field).GetString());
            Assert.DoesNotContain("code=", placed.Body.GetProperty(field).GetString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(statusUrl, placed.Response.Headers.Location?.ToString());
        Assert.NotNull(placed.Response.Headers.RetryAfter);
        return id;
    }
}
