using System.Diagnostics;
using FunctionApp.Connectors;
using FunctionApp.Telemetry;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Telemetry;

/// <summary>One trace follows an order: the HTTP request, the orchestration, each activity and each third-party call.</summary>
public sealed class OrderTraceTests(ITestOutputHelper output)
{
    private static readonly string[] Activities = ["CheckInventory", "CreateInvoice", "CreateAcmeOrder", "SendEmail", "NotifyAcme"];
    private static readonly string[] Systems = [InventoryClient.System, QuickBooksClient.System, AcmeClient.System, SesClient.System];

    [Fact]
    public async Task An_order_is_one_trace_from_its_request_through_every_activity_to_every_third_party_call_each_with_the_instance_id()
    {
        var spans = new List<Activity>();
        await using var app = await AppFactory.StartAsync(services: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var orders = new OrderDriver(app);
        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));
        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        var id = placed.InstanceId;

        // Spans of every app in this test process reach the exporter: the order's trace is the one of its instance's start.
        var started = await Poll.UntilAsync(
            () => Task.FromResult(Snapshot(spans).FirstOrDefault(s => s.Kind == ActivityKind.Producer && (s.GetTagItem("durabletask.task.instance_id") as string) == id)),
            s => s is not null, TimeSpan.FromSeconds(30), "the span of the instance's start");
        var trace = started!.TraceId;
        // The last activity's span ends after the order's answer; wait for it.
        var inTrace = await Poll.UntilAsync(
            () => Task.FromResult(Snapshot(spans).Where(s => s.TraceId == trace).ToList()),
            list => list.Any(s => IsActivity(s, "NotifyAcme")), TimeSpan.FromSeconds(30), "the last activity's span");
        foreach (var span in inTrace.OrderBy(s => s.StartTimeUtc))
        {
            output.WriteLine($"{span.StartTimeUtc:HH:mm:ss.fff} {span.Kind,-8} {span.DisplayName} {span.GetTagItem(IntegrationTelemetry.InstanceIdTag)} {span.GetTagItem(IntegrationTelemetry.SystemTag)}");
        }

        Assert.Contains(inTrace, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/api/orders");
        Assert.Contains(inTrace, s => s.Source.Name == IntegrationTelemetry.DurableTaskSource && (s.GetTagItem("durabletask.type") as string) == "orchestration"
            && (s.GetTagItem("durabletask.task.name") as string) == "PlaceOrderOrchestrator");
        Assert.All(Activities, name => Assert.Contains(inTrace, s => IsActivity(s, name)));
        Assert.All(Systems, system => Assert.Contains(inTrace, s => s.Kind == ActivityKind.Client && (s.GetTagItem(IntegrationTelemetry.SystemTag) as string) == system));
        var durableAndCalls = inTrace.Where(s => s.Source.Name == IntegrationTelemetry.DurableTaskSource || s.GetTagItem(IntegrationTelemetry.SystemTag) is not null).ToList();
        Assert.All(durableAndCalls, s => Assert.Equal(id, s.GetTagItem(IntegrationTelemetry.InstanceIdTag) as string));
    }

    private static bool IsActivity(Activity span, string name) =>
        span.Source.Name == IntegrationTelemetry.DurableTaskSource && span.Kind == ActivityKind.Server
        && (span.GetTagItem("durabletask.type") as string) == "activity" && (span.GetTagItem("durabletask.task.name") as string) == name;

    // The exporter adds spans from the threads that end them, without a lock: a copy taken meanwhile is tried again.
    internal static List<Activity> Snapshot(List<Activity> spans)
    {
        while (true)
        {
            try
            {
                return [.. spans];
            }
            catch (InvalidOperationException)
            {
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
