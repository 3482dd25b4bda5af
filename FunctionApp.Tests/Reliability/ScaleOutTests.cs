using System.Diagnostics;
using Azure.Data.Tables;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// Two processes of the app on one task hub and one storage account, as two workers of one Function App: the Azure
/// Storage provider shares the orchestrations between them by partition leases, and when one is killed the other takes
/// its partitions over once their leases lapse, and finishes every instance, each side effect once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Orders = 40;

    [Fact]
    public async Task Two_workers_share_the_hub_and_the_survivor_of_a_kill_finishes_every_order_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var first = await AppProcess.StartAsync(azurite.ConnectionString);
        await using var second = await first.StartSiblingAsync();
        var partitions = new TableClient(azurite.ConnectionString, first.HubName + "Partitions");

        var shared = await Poll.UntilAsync(() => OwnersAsync(partitions), owners => owners.Values.Distinct().Count() == 2, TimeSpan.FromSeconds(60), "both workers to own partitions");
        output.WriteLine("Partitions: " + string.Join(", ", shared.Select(p => $"{p.Key}={p.Value}")));

        var sku = "REL-SCALE-" + Guid.NewGuid().ToString("N")[..8];
        await first.Sandbox.SetStockAsync(sku, 1_000_000);
        await first.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1000);
        string[] ids;
        using (var api = first.CreateApiClient())
        {
            ids = await OrderLoad.PlaceManyAsync(api, sku, "scale-" + Guid.NewGuid().ToString("N")[..8], Orders);
        }

        var invoicesAtKill = await Poll.UntilAsync(
            async () => (await first.Sandbox.RequestsAsync("quickbooks")).Count(r => OrderLoad.Operation(r) == "CreateInvoice"),
            invoices => invoices >= Orders / 5,
            TimeSpan.FromSeconds(60),
            "the first invoices");
        var killedOwner = shared.Values.Distinct().Single(owner => owner.EndsWith("-" + second.ProcessId, StringComparison.Ordinal));
        var orphaned = shared.Count(p => p.Value == killedOwner);

        second.Kill();
        var sinceKill = Stopwatch.StartNew();
        await first.Sandbox.ClearFaultsAsync("quickbooks");
        await Poll.UntilAsync(() => OwnersAsync(partitions), owners => owners.Values.All(o => o != killedOwner), TimeSpan.FromSeconds(90), "the survivor to take the killed worker's partitions");
        var takeover = sinceKill.Elapsed;

        var final = await OrderLoad.WaitAllFinalAsync(() => first.CreateApiClient(), ids, TimeSpan.FromSeconds(120), () => first.Output + second.Output);
        var finishedIn = sinceKill.Elapsed;
        OrderLoad.AssertAllConfirmed(final, () => first.Output);
        await OrderLoad.AssertEachSideEffectOnceAsync(first.Sandbox, ids);

        output.WriteLine($"Killed the worker owning {orphaned} of {shared.Count} partitions with {invoicesAtKill}/{Orders} invoiced; " +
            $"the survivor owned them {takeover.TotalSeconds:0.0}s after the kill (lease interval 8 s) and finished all {Orders} orders, each side effect once, {finishedIn.TotalSeconds:0.0}s after it.");
    }

    /// <summary>Each control queue partition and the worker that holds its lease.</summary>
    private static async Task<Dictionary<string, string>> OwnersAsync(TableClient partitions)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var lease in partitions.QueryAsync<TableEntity>())
            {
                if (lease.GetString("CurrentOwner") is { Length: > 0 } owner)
                {
                    owners[lease.RowKey] = owner;
                }
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The table is created when the first worker starts.
        }

        return owners;
    }
}
