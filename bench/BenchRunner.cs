using System.Diagnostics;
using DevStorage;

namespace Bench;

/// <summary>
/// Measures, in one run against one fresh Azurite: the raw storage capacity, the engine's orchestration throughput and
/// the end-to-end latency of a sync order and the throughput of an order file, and prints each beside the capacity as a ratio;
/// then how fast the operator console's instance list answers with a full hub (alone with <c>--only console</c>).
/// </summary>
internal static class BenchRunner
{
    public static async Task Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var run = Stopwatch.StartNew();
        Console.WriteLine($"Starting Azurite (in memory) ... {options}");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(RepositoryRoot.Find()));

        if (options.Only is null)
        {
            var storage = await StorageCapacity.MeasureAsync(azurite.ConnectionString, options);
            var engine = await EngineThroughput.MeasureAsync(azurite.ConnectionString, options);
            var orders = await OrderLatency.MeasureAsync(azurite.ConnectionString, options);
            var file = await OrderFileThroughput.MeasureAsync(azurite.ConnectionString, options);

            Report.Print(storage, engine, orders, file);
        }

        // Last: its hub keeps thousands of instances (and their queue messages) that would be in the way of the others.
        if (options.Runs("console"))
        {
            Report.Print(await ConsoleInstanceList.MeasureAsync(azurite.ConnectionString, options));
        }

        Console.WriteLine();
        Console.WriteLine($"Whole run {run.Elapsed.TotalSeconds:0} s.");
    }
}
