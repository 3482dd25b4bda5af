using System.Diagnostics;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>Storage (Azurite, data on disk) is restarted under the app while orders are in flight.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class StorageRestartTests(ITestOutputHelper output)
{
    private const int Orders = 20;

    [Fact]
    public async Task Orders_in_flight_when_storage_restarts_all_complete_with_each_side_effect_once()
    {
        var location = Path.Combine(Path.GetTempPath(), "reliability-azurite-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(RepositoryRoot.Find()) { InMemory = false, Location = location });
            // The Sandbox keeps its state in the same storage, so QuickBooks fails while it is down: each step tries for
            // about a minute and a half (in its activity) before its order would fail, longer than the outage.
            await using var app = await AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
            {
                ["Orders:StepAttempts"] = "20",
                ["Orders:StepMaxRetryInterval"] = "00:00:05",
            });
            var sku = "REL-STORE-" + Guid.NewGuid().ToString("N")[..8];
            await app.Sandbox.SetStockAsync(sku, 1_000_000);
            await app.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1000);

            string[] ids;
            using (var api = app.CreateApiClient())
            {
                ids = await OrderLoad.PlaceManyAsync(api, sku, "store-" + Guid.NewGuid().ToString("N")[..8], Orders);
            }

            var invoicesAtRestart = await Poll.UntilAsync(
                async () => (await app.Sandbox.RequestsAsync("quickbooks")).Count(r => OrderLoad.Operation(r) == "CreateInvoice"),
                invoices => invoices >= 1,
                TimeSpan.FromSeconds(60),
                "a first invoice");
            Assert.True(invoicesAtRestart < Orders, $"Nothing was in flight: all {Orders} orders were invoiced before the restart.");

            // Down long enough for the SDK's own retries to give up, so the Durable provider's pollers see the outage; then
            // up again on the same ports with the same data.
            // (The provider logs a storage failure as a line of its category that carries the exception.)
            var appPid = app.ProcessId;
            var dispatcherLinesBefore = StorageFailureLines(app.Output);
            var restart = Stopwatch.StartNew();
            await azurite.StopAsync();
            await Poll.UntilAsync(
                () => Task.FromResult(StorageFailureLines(app.Output)),
                lines => lines > dispatcherLinesBefore,
                TimeSpan.FromSeconds(60),
                "the app's dispatchers to notice storage is down");
            await azurite.RestartAsync();
            var outage = restart.Elapsed;
            await app.Sandbox.ClearFaultsAsync("quickbooks");

            var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(90), () => app.Output);
            var recoveredIn = restart.Elapsed;

            Assert.True(app.IsRunning && app.ProcessId == appPid, "The app should ride the outage out, not exit."); // it is never restarted here
            OrderLoad.AssertAllConfirmed(final, () => app.Output);
            await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);
            await OrderLoad.AssertQueryListsAllCompletedAsync(() => app.CreateApiClient(AppFactory.AdminKey), ids, () => app.Output);

            output.WriteLine($"At the storage restart: {invoicesAtRestart}/{Orders} invoiced. Azurite was down {outage.TotalSeconds:0.0}s; all {Orders} Completed {recoveredIn.TotalSeconds:0.0}s after it went down.");
            output.WriteLine($"Warnings and errors the app logged meanwhile: {app.Output.Split('\n').Count(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal))}.");
        }
        finally
        {
            if (Directory.Exists(location))
            {
                Directory.Delete(location, recursive: true);
            }
        }
    }

    private static int StorageFailureLines(string output) =>
        output.Split('\n').Count(line => line.Contains("DurableTask.AzureStorage[", StringComparison.Ordinal) && line.Contains("Exception", StringComparison.Ordinal));
}
