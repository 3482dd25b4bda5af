using System.Diagnostics;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// The local run killed as a whole, as an IDE's stop button or a closed terminal does it: SIGKILL to the process group
/// of the app and the Azurite it started itself, with orders in flight. Started again on the same data folder, it loses
/// nothing: Azurite answers a write only once it is saved, and the task hub picks up where it was.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProcessGroupKillTests(ITestOutputHelper output)
{
    private const int Orders = 30;

    [Fact]
    public async Task Killing_the_app_and_its_Azurite_at_once_loses_no_order_and_repeats_no_side_effect()
    {
        var location = Path.Combine(Path.GetTempPath(), "group-kill-azurite-" + Guid.NewGuid().ToString("N")[..10]);
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{AzuriteProcess.AccountName};QueueEndpoint=http://127.0.0.1:{queue}/{AzuriteProcess.AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{table}/{AzuriteProcess.AccountName};";
        try
        {
            await using var app = await AppProcess.StartAsync(connection, new Dictionary<string, string?>
            {
                // What the run command does in Development: nothing answers there, so the app starts Azurite itself.
                ["LocalHost:StartAzurite"] = "true",
                ["LocalHost:AzuriteLocation"] = location,
            }, ownProcessGroup: true);
            Assert.True(AppProcess.GroupMembers(app.ProcessId).Count >= 4, "The app and Azurite's three services should share the group.");
            var sku = "REL-GROUP-" + Guid.NewGuid().ToString("N")[..8];
            await app.Sandbox.SetStockAsync(sku, 1_000_000);
            await app.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1000);
            string[] ids;
            using (var api = app.CreateApiClient())
            {
                ids = await OrderLoad.PlaceManyAsync(api, sku, "group-" + Guid.NewGuid().ToString("N")[..8], Orders);
            }

            var invoicesAtKill = await Poll.UntilAsync(
                async () => (await app.Sandbox.RequestsAsync("quickbooks")).Count(r => OrderLoad.Operation(r) == "CreateInvoice"),
                invoices => invoices >= Orders / 5,
                TimeSpan.FromSeconds(60),
                "the first invoices");
            var confirmedAtKill = (await app.Sandbox.RequestsAsync("acme")).Count(r => OrderLoad.Operation(r) == "NotifyOrder");
            Assert.True(confirmedAtKill < Orders, "Nothing was in flight to kill.");

            var group = app.ProcessId;
            var killed = app.KillProcessGroup();
            var sinceKill = Stopwatch.StartNew();
            await Poll.UntilAsync(() => Task.FromResult(AppProcess.GroupMembers(group).Count), n => n == 0, TimeSpan.FromSeconds(10), "every process of the group to be gone");
            Assert.False(await StorageProbe.IsReachableAsync(new Uri($"http://127.0.0.1:{blob}"), TimeSpan.FromSeconds(1), CancellationToken.None), "Azurite should have died with the app.");

            // The same command again: it starts Azurite again on the same folder.
            await app.RestartAsync();
            await app.Sandbox.ClearFaultsAsync("quickbooks");
            var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(120), () => app.Output);
            var recoveredIn = sinceKill.Elapsed;

            OrderLoad.AssertAllConfirmed(final, () => app.Output);
            await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);
            output.WriteLine($"Killed {killed.Count} processes (the app and Azurite) with {invoicesAtKill}/{Orders} invoiced and {confirmedAtKill}/{Orders} confirmed; " +
                $"all {Orders} confirmed, each side effect once, {recoveredIn.TotalSeconds:0.0}s after the kill.");
        }
        finally
        {
            if (Directory.Exists(location))
            {
                Directory.Delete(location, recursive: true);
            }
        }
    }
}
