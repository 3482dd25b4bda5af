using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunctionApp.Telemetry;

/// <summary>
/// The names of the app's telemetry: its activity source and meter, the Durable Task SDK's source it exports with them,
/// and the span attributes every span of an order carries.
/// </summary>
public static class IntegrationTelemetry
{
    /// <summary>The app's activity source and meter.</summary>
    public const string Name = "FunctionApp";

    /// <summary>The Durable Task SDK's activity source: its orchestration, activity, timer and event spans.</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>The span attribute with the Durable instance id.</summary>
    public const string InstanceIdTag = "acme.instance_id";

    /// <summary>The span attribute with the order's reference (an order's reference is its instance id).</summary>
    public const string OrderReferenceTag = "acme.order_reference";

    /// <summary>The span attribute naming the third-party system a call went to.</summary>
    public const string SystemTag = "acme.system";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>Orders by outcome: <c>Confirmed</c>, <c>BackOrdered</c>, <c>Failed</c>, <c>Rejected</c>, ...</summary>
    internal static readonly Counter<long> Orders = Meter.CreateCounter<long>("acme.orders", "{order}", "Orders placed, by outcome.");

    /// <summary>How long a synchronous order waited, and whether it got its answer or fell back to 202.</summary>
    internal static readonly Histogram<double> SyncWait = Meter.CreateHistogram<double>(
        "acme.orders.sync_wait", "ms", "How long a synchronous order waited for its answer; reply=accepted when it fell back to 202.");

    /// <summary>Calls to third-party systems, by system and result.</summary>
    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>("acme.integration.calls", "{call}", "Calls to third-party systems, by system and result.");

    /// <summary>Latency of calls to third-party systems, retries included.</summary>
    internal static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "acme.integration.call.duration", "ms", "Latency of calls to third-party systems, retries included, by system and result.");

    /// <summary>Order-batch lines by outcome.</summary>
    internal static readonly Counter<long> BatchLines = Meter.CreateCounter<long>("acme.order_batch.lines", "{line}", "Order-batch lines, by outcome.");

    internal static void RecordOrder(string outcome) => Orders.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    internal static void RecordSyncWait(TimeSpan waited, bool answered) =>
        SyncWait.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("reply", answered ? "answered" : "accepted"));

    internal static void RecordBatchLines(string outcome, int count) => BatchLines.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
}
