using System.Diagnostics;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>The app process is killed (SIGKILL) with orders in flight and started again on the same storage.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProcessKillTests(ITestOutputHelper output)
{
    private const int Orders = 50;

    [Fact]
    public async Task Orders_in_flight_when_the_process_is_killed_all_complete_after_restart_with_each_side_effect_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString);
        var sku = "REL-KILL-" + Guid.NewGuid().ToString("N")[..8];
        await app.Sandbox.SetStockAsync(sku, 1_000_000);

        // Every invoice takes a second (status below 400: only delayed), so orders pile up mid-flight.
        await app.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1000);

        var clock = Stopwatch.StartNew();
        string[] ids;
        using (var api = app.CreateApiClient())
        {
            ids = await OrderLoad.PlaceManyAsync(api, sku, "kill-" + Guid.NewGuid().ToString("N")[..8], Orders);
        }

        Assert.Equal(Orders, ids.Distinct().Count());
        var placedIn = clock.Elapsed;

        // Kill once invoices are landing. At most 32 activities run at once (the default), so at least 18 invoices are still
        // waiting or inside QuickBooks' one-second delay: some, never all, orders are invoiced at that moment, and the first
        // ones are on to their Acme steps.
        var (invoicesAtKill, acmeOrdersAtKill, confirmedAtKill) = await Poll.UntilAsync(
            async () =>
            {
                var invoices = (await app.Sandbox.RequestsAsync("quickbooks")).Count(r => OrderLoad.Operation(r) == "CreateInvoice");
                var acme = await app.Sandbox.RequestsAsync("acme");
                return (invoices, acmeOrders: acme.Count(r => OrderLoad.Operation(r) == "CreateOrder"), confirmed: acme.Count(r => OrderLoad.Operation(r) == "NotifyOrder"));
            },
            v => v.invoices >= Orders / 5,
            TimeSpan.FromSeconds(60),
            "a first invoice");
        Assert.True(confirmedAtKill < Orders && invoicesAtKill < Orders, $"Nothing was in flight to kill: {invoicesAtKill} invoices, {confirmedAtKill} confirmed.");

        var killAfter = clock.Elapsed;
        var pid = app.ProcessId;
        var exitCode = app.Kill();
        var sinceKill = Stopwatch.StartNew();
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Assert.True(exitCode == 128 + 9, $"Expected exit code 137 (SIGKILL); got {exitCode}.");
        }

        // A graceful stop would have logged the host's shutdown; a kill leaves no such line.
        Assert.DoesNotContain("Application is shutting down", app.Output, StringComparison.Ordinal);

        await app.RestartAsync();
        var restartTook = sinceKill.Elapsed;
        Assert.NotEqual(pid, app.ProcessId);
        await app.Sandbox.ClearFaultsAsync("quickbooks");

        var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(90), () => app.Output);
        var recoveredIn = sinceKill.Elapsed;

        OrderLoad.AssertAllConfirmed(final, () => app.Output);
        await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);
        await OrderLoad.AssertQueryListsAllCompletedAsync(() => app.CreateApiClient(AppFactory.AdminKey), ids, () => app.Output);

        output.WriteLine($"At the kill: {invoicesAtKill}/{Orders} invoiced, {acmeOrdersAtKill}/{Orders} Acme orders, {confirmedAtKill}/{Orders} confirmed: {Orders - confirmedAtKill} in flight.");
        output.WriteLine($"Placing the orders took {placedIn.TotalSeconds:0.0}s; killed {killAfter.TotalSeconds:0.0}s after the first was placed.");
        output.WriteLine($"Kill exit code {exitCode}; restarted and healthy {restartTook.TotalSeconds:0.0}s after the kill; all {Orders} Completed {recoveredIn.TotalSeconds:0.0}s after the kill.");
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection
{
    /// <summary>The reliability tests kill processes and restart storage: one at a time, so their timings mean something.</summary>
    public const string Name = "Reliability";
}
