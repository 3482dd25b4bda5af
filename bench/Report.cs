using System.Globalization;

namespace Bench;

/// <summary>Prints the figures and their ratios to the raw storage capacity measured in the same run, and the console list's to its target.</summary>
internal static class Report
{
    public static void Print(StorageCapacity storage, EngineThroughput engine, OrderLatency orders, OrderFileThroughput file)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("== Raw Azurite capacity (16 parallel callers)");
        Console.WriteLine(string.Format(c, "queue send            {0,10:0} msg/s", storage.QueueSendsPerSecond));
        Console.WriteLine(string.Format(c, "queue receive+delete  {0,10:0} msg/s", storage.QueueReceiveDeletesPerSecond));
        Console.WriteLine(string.Format(c, "table batch (100 rows){0,10:0} batch/s = {1:0} rows/s", storage.TableBatchesPerSecond, storage.TableRowsPerSecond));
        Console.WriteLine(string.Format(c, "table batch (4 rows)  {0,10:0} batch/s (the shape of one engine commit)", storage.SmallBatchesPerSecond));

        // One three-activity instance moves 7 messages (1 start, 3 activity requests, 3 results) and commits 4 history batches.
        var messagesPerSecond = engine.InstancesPerSecond * 7;
        var batchesPerSecond = engine.InstancesPerSecond * 4;
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "== Engine: three-activity orchestration, {0} instances, {1} in flight", engine.Instances, engine.InFlight));
        Console.WriteLine(string.Format(c, "throughput            {0,10:0.0} instances/s (mean {1:0.000} s per instance)", engine.InstancesPerSecond, engine.MeanSeconds));
        Console.WriteLine(string.Format(c, "queue messages moved  {0,10:0} msg/s = {1:P1} of raw send, {2:P1} of raw receive+delete capacity",
            messagesPerSecond, messagesPerSecond / storage.QueueSendsPerSecond, messagesPerSecond / storage.QueueReceiveDeletesPerSecond));
        Console.WriteLine(string.Format(c, "history commits       {0,10:0} batch/s = {1:P1} of raw 4-row batch capacity", batchesPerSecond, batchesPerSecond / storage.SmallBatchesPerSecond));
        Console.WriteLine(string.Format(c, "starts put back       {0,10} of {1} (a start message dequeued before its Instances row: 2 s each)", engine.DeferredStarts, engine.Instances));

        var ordersMessagesPerSecond = orders.OrdersPerSecond * 11;
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "== POST /api/orders?mode=sync, in stock, {0} sequential orders (5 third-party calls each)", orders.Orders));
        Console.WriteLine(string.Format(c, "latency               p50 {0:0.0} ms, p99 {1:0.0} ms, max {2:0.0} ms; {3} of {4} not answered within the 10 s sync timeout (202)",
            orders.P50Ms, orders.P99Ms, orders.MaxMs, orders.NotInTime, orders.Orders));
        Console.WriteLine(string.Format(c, "one caller            {0,10:0.0} orders/s = {1:P2} of raw send capacity in queue messages (11 per order)", orders.OrdersPerSecond, ordersMessagesPerSecond / storage.QueueSendsPerSecond));
        Console.WriteLine(string.Format(c, "p50 vs one queue hop  {0,10:0.0} x the mean time of one queue send at capacity", orders.P50Ms / (1000.0 / storage.QueueSendsPerSecond * 16)));

        // One batch order moves about 14 messages: its watcher's start (sent by a start activity shared by several orders),
        // the order's start as the watcher's sub-orchestration, 5 activity requests and results, its completion to the
        // watcher, the watcher's outcome event to the chunk, and its share of the start activity's request and result.
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "== Order file: {0} one-line in-stock orders, POST /api/order-batches until the batch completes", file.Orders));
        foreach (var run in file.Runs)
        {
            Console.WriteLine(string.Format(c, "MaxParallelOrders {0,3}  {1,8:0.0} s = {2,6:0.0} orders/s; its ~14 queue messages an order = {3:0.00} x the raw receive+delete rate; {4:0.00} x the engine's instances/s",
                run.Parallel, run.Seconds, run.OrdersPerSecond, run.OrdersPerSecond * 14 / storage.QueueReceiveDeletesPerSecond, run.OrdersPerSecond / engine.InstancesPerSecond));
            Console.WriteLine(string.Format(c, "                       one order p50 {0:0.0} s, p99 {1:0.0} s, max {2:0.0} s; longest spell with no order finishing {3:0.0} s; starts put back {4}",
                run.OrderP50, run.OrderP99, run.OrderMax, run.LongestQuiet, run.DeferredStarts));
        }
    }

    public static void Print(ConsoleInstanceList console)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "== Operator console: GET /runtime/webhooks/durabletask/instances (admin key), {0} instances in the hub, target {1:0} ms",
            console.Instances, ConsoleInstanceList.TargetMs));
        Console.WriteLine(string.Format(c, "hub                   {0}", string.Join(", ", console.Statuses.Select(s => string.Format(c, "{0} {1}", s.Value, s.Key)))));
        Console.WriteLine(string.Format(c, "seeding               {0,10:0.0} s = {1:0} starts/s ({2} at a time); all started {3:0.0} s later; starts put back {4}",
            console.SeedSeconds, console.Instances / console.SeedSeconds, console.SeedParallelism, console.SettleSeconds, console.DeferredStarts));
        Console.WriteLine(string.Format(c, "StartAt tomorrow      {0,10} (the one instance scheduled so: {1})",
            console.ScheduledProbeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Pending ? "held" : "ignored", console.ScheduledProbeStatus));
        foreach (var list in console.Lists)
        {
            Console.WriteLine(string.Format(c, "{0,-21} p50 {1,6:0.0} ms, p95 {2,6:0.0} ms, max {3,6:0.0} ms = p95 {4:0.00} x, max {5:0.00} x the target; {6} rows, {7}; {8} requests of {9}",
                list.Name, list.P50Ms, list.P95Ms, list.MaxMs, list.P95Ms / ConsoleInstanceList.TargetMs, list.MaxMs / ConsoleInstanceList.TargetMs,
                list.Returned, list.Continuation is null ? "last page" : "more", list.Requests, list.Request));
        }
    }
}
