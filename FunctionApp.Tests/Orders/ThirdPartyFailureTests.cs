using System.Net;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Orders;

/// <summary>Faults are armed per system for a whole app, so each test here has an app of its own.</summary>
public sealed class ThirdPartyFailureTests
{
    [Fact]
    public async Task QuickBooks_failing_twice_then_healthy_still_confirms_with_exactly_one_invoice()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var sku = await orders.StockedSkuAsync();
        await orders.Sandbox.FailNextAsync("quickbooks", 2);

        var placed = await orders.PlaceAsync(OrderDriver.Order(sku));

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        Assert.Single(await orders.Sandbox.RequestsAsync("quickbooks", placed.InstanceId + ":"));
        Assert.Single(await orders.AcmeAsync(placed.InstanceId, "CreateOrder"));
    }

    [Fact]
    public async Task QuickBooks_failing_past_the_retry_policy_fails_the_order_with_502_and_a_rewind_completes_it_with_one_invoice()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var sku = await orders.StockedSkuAsync();
        await orders.Sandbox.FailNextAsync("quickbooks", 50);

        var placed = await orders.PlaceAsync(OrderDriver.Order(sku), "?timeout=60");

        Assert.Equal(HttpStatusCode.BadGateway, placed.Response.StatusCode);
        Assert.Equal("application/problem+json", placed.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(502, placed.Body.GetProperty("status").GetInt32());
        Assert.Contains("QuickBooks", placed.Body.GetProperty("detail").GetString());
        var instanceId = placed.Body.GetProperty("instanceId").GetString()!;
        Assert.EndsWith(instanceId, placed.Body.GetProperty("statusQueryGetUri").GetString());
        Assert.DoesNotContain("   at ", placed.Body.ToString());

        var failed = await orders.GetStatusAsync(instanceId);
        Assert.Equal(HttpStatusCode.OK, failed.Code);
        Assert.Equal("Failed", failed.RuntimeStatus);
        Assert.Contains("QuickBooks", failed.Body.GetProperty("output").GetString());
        Assert.Contains("QuickBooks", failed.Body.GetProperty("failureDetails").GetProperty("errorMessage").GetString());
        Assert.Empty(await orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));

        await orders.Sandbox.ClearFaultsAsync("quickbooks");
        var rewound = await orders.PostAdminAsync(OrderDriver.InstancePath(instanceId) + "/rewind?reason=QuickBooks%20is%20back");
        Assert.Equal(HttpStatusCode.Accepted, rewound.StatusCode);

        // From the moment the rewind is accepted, no poll reports the old failure as the final answer.
        var seen = new List<string?>();
        var done = await orders.WaitForStatusAsync(instanceId, status =>
        {
            seen.Add(status.RuntimeStatus);
            return status.RuntimeStatus == "Completed";
        }, client: orders.Api);
        Assert.DoesNotContain("Failed", seen);
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        Assert.Single(await orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
        Assert.Single(await orders.AcmeAsync(instanceId, "CreateOrder"));
        Assert.Single(await orders.AcmeAsync(instanceId, "NotifyOrder"));
    }

    [Fact]
    public async Task Rewinding_an_order_that_did_not_fail_is_refused()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var completed = await orders.PlaceConfirmedAsync();
        var waiting = await orders.PlaceBackOrderedAsync();

        var rewindCompleted = await orders.PostAdminAsync(OrderDriver.InstancePath(completed) + "/rewind");
        var rewindRunning = await orders.PostAdminAsync(OrderDriver.InstancePath(waiting) + "/rewind");

        Assert.Equal(HttpStatusCode.Gone, rewindCompleted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rewindRunning.StatusCode);
        Assert.Equal("application/problem+json", rewindRunning.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Async_order_status_is_202_while_a_slow_step_runs_then_200_with_the_output()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var sku = await orders.StockedSkuAsync();
        await orders.Sandbox.FailNextAsync("quickbooks", 1, status: 200, delayMs: 3000);

        var placed = await orders.PlaceAsync(OrderDriver.Order(sku), "?mode=async");

        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var statusUrl = placed.Body.GetProperty("statusQueryGetUri").GetString()!;
        var first = await orders.GetStatusAsync(statusUrl, orders.Api);
        Assert.Equal(HttpStatusCode.Accepted, first.Code);
        Assert.Contains(first.RuntimeStatus, new[] { "Pending", "Running" });
        var done = await orders.WaitForStatusAsync(statusUrl, s => s.Code == HttpStatusCode.OK, client: orders.Api);
        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal(JsonValueKind.String, done.Body.GetProperty("output").GetProperty("invoiceId").ValueKind);
    }

    [Fact]
    public async Task Sync_order_slower_than_its_timeout_answers_202_and_completes_later()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var sku = await orders.StockedSkuAsync();
        await orders.Sandbox.FailNextAsync("quickbooks", 1, status: 200, delayMs: 4000);

        var placed = await orders.PlaceAsync(OrderDriver.Order(sku), "?timeout=1");

        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var id = PlaceOrderTests.AssertCheckStatusBody(placed);
        var done = await orders.WaitForRuntimeStatusAsync(id, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
    }
}
