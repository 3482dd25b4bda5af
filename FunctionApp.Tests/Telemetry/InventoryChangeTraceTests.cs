using System.Diagnostics;
using FunctionApp.Connectors;
using FunctionApp.Telemetry;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.InventoryChanges;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FunctionApp.Tests.Telemetry;

/// <summary>An inventory change is one trace: the webhook, its queue message, the ERP batch call and the change's outcome.</summary>
public sealed class InventoryChangeTraceTests
{
    [Fact]
    public async Task Changes_accepted_by_one_webhook_call_are_traced_through_their_messages_and_the_erp_call_to_each_outcome()
    {
        var spans = new List<Activity>();
        await using var app = await InventoryChangeDriver.StartAppAsync(services: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var driver = new InventoryChangeDriver(app);
        var sku = "TRACE-" + Guid.NewGuid().ToString("N")[..8];
        string[] ids = [$"a-{sku}", $"b-{sku}"];

        await driver.PostAcceptedAsync([(ids[0], sku, 3), (ids[1], sku, 4)]);

        var all = await Poll.UntilAsync(
            () => Task.FromResult(OrderTraceTests.Snapshot(spans)),
            list => ids.All(id => list.Any(s => s.DisplayName == "inventory-change applied" && (s.GetTagItem("acme.change_id") as string) == id)),
            TimeSpan.FromSeconds(60), "both changes' outcome spans");
        // Spans of every app in this test process reach the exporter: this change's trace is the one of its message.
        var sent = all.First(s => s.Kind == ActivityKind.Producer && (s.GetTagItem("acme.change_id") as string) == ids[0]);
        var trace = all.Where(s => s.TraceId == sent.TraceId).ToList();
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == InventoryChangeDriver.Webhook);

        Assert.All(ids, id =>
        {
            Assert.Contains(trace, s => s.Kind == ActivityKind.Producer && (s.GetTagItem("acme.change_id") as string) == id);
            Assert.Contains(trace, s => s.Kind == ActivityKind.Consumer && (s.GetTagItem("acme.change_id") as string) == id);
            Assert.Contains(trace, s => s.DisplayName == "inventory-change applied" && (s.GetTagItem("acme.change_id") as string) == id);
        });
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && (s.GetTagItem(IntegrationTelemetry.SystemTag) as string) == ErpClient.System);
        Assert.Equal((7L, 2L), await driver.BalanceAsync(sku));
    }
}
