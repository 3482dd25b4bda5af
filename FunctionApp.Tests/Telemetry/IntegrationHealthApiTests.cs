using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.Telemetry;

/// <summary>
/// <c>GET /api/operations/integrations</c>: each system's calls, failures, latency and circuit as the app made them, for
/// the admin key only. Faults are armed per system for a whole app, so each test has an app of its own.
/// </summary>
public sealed class IntegrationHealthApiTests
{
    private const string Path = "/api/operations/integrations";

    // One retry, soon: a failing call is two failed attempts, well within the endpoint's budget.
    private static readonly Dictionary<string, string?> OneQuickRetry = new()
    {
        ["Integrations:Inventory:Retries"] = "1",
        ["Integrations:Inventory:RetryDelay"] = "00:00:00.050",
        ["Inventory:CacheSeconds"] = "0",
    };

    /// <summary>Inventory settings under which two failed calls open its breaker, for five minutes.</summary>
    public static readonly Dictionary<string, string?> InventoryQuickToBreak = new(OneQuickRetry)
    {
        ["Integrations:Inventory:BreakerMinimumThroughput"] = "2",
        ["Integrations:Inventory:BreakerFailureRatio"] = "0.5",
        ["Integrations:Inventory:BreakerBreakDuration"] = "00:05:00",
    };

    [Fact]
    public async Task Calls_failures_and_latency_of_each_system_show_and_a_system_not_called_yet_shows_with_none()
    {
        await using var app = await AppFactory.StartAsync(OneQuickRetry);
        var api = app.CreateApiClient();
        var sku = OrderDriver.NewSku();
        await app.Sandbox.SetStockAsync(sku, 4);
        for (var i = 0; i < 3; i++)
        {
            (await api.GetAsync($"/api/inventory/{sku}")).EnsureSuccessStatusCode();
        }

        await app.Sandbox.FailNextAsync("inventory", 4, 503);
        var failed = new[] { await api.GetAsync($"/api/inventory/{sku}"), await api.GetAsync($"/api/inventory/{sku}") };

        using var refused = await app.CreateApiClient().GetAsync(Path);
        var systems = await ReadAsync(app);
        var inventory = systems["Inventory"];

        Assert.All(failed, response => Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode));
        Assert.Equal((5, 2, 0), (Int(inventory, "calls"), Int(inventory, "failures"), Int(inventory, "clientErrors")));
        Assert.True(inventory.GetProperty("p50Ms").GetDouble() > 0);
        Assert.True(inventory.GetProperty("p99Ms").GetDouble() >= inventory.GetProperty("p50Ms").GetDouble());
        Assert.Equal("closed", inventory.GetProperty("circuit").GetString());
        Assert.Equal("503", inventory.GetProperty("lastFailure").GetProperty("result").GetString());
        var erp = systems["Erp"];
        Assert.Equal((0, JsonValueKind.Null, "closed"), (Int(erp, "calls"), erp.GetProperty("p50Ms").ValueKind, erp.GetProperty("circuit").GetString()));
        Assert.Contains("QuickBooks", systems.Keys);
        Assert.Contains("credit-bureau", systems.Keys);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "admin key");
    }

    [Fact]
    public async Task A_breaker_that_opens_shows_as_open_until_its_break_is_over_and_the_calls_it_refuses_count_as_failures()
    {
        await using var app = await AppFactory.StartAsync(InventoryQuickToBreak);
        var api = app.CreateApiClient();
        var sku = OrderDriver.NewSku();
        await app.Sandbox.SetStockAsync(sku, 4);
        await app.Sandbox.FailNextAsync("inventory", 100, 503);

        var inventory = await Poll.UntilAsync(
            async () =>
            {
                (await api.GetAsync($"/api/inventory/{sku}")).Dispose();
                return (await ReadAsync(app))["Inventory"];
            },
            s => s.GetProperty("circuit").GetString() == "open" && s.GetProperty("lastFailure").GetProperty("result").GetString() == "circuit_open",
            TimeSpan.FromSeconds(30),
            "the inventory breaker to open and refuse a call");
        using var refused = await api.GetAsync($"/api/inventory/{sku}");

        Assert.True(inventory.GetProperty("circuitOpenUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Equal(Int(inventory, "calls"), Int(inventory, "failures"));
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("closed", (await ReadAsync(app))["Erp"].GetProperty("circuit").GetString());
    }

    private static int Int(JsonElement system, string name) => system.GetProperty(name).GetInt32();

    private static async Task<Dictionary<string, JsonElement>> ReadAsync(AppFactory app)
    {
        var body = await app.CreateApiClient(AppFactory.AdminKey).GetFromJsonAsync<JsonElement>(Path);
        Assert.Equal(5, body.GetProperty("windowMinutes").GetDouble());
        return body.GetProperty("systems").EnumerateArray().ToDictionary(s => s.GetProperty("system").GetString()!);
    }
}
