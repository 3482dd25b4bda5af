using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// The instances table (what the management list queries) is a projection written after each commit of an instance's
/// history. A crash or a storage error between the two must not leave the projection behind for good.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProjectionRepairTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_order_whose_final_projection_write_failed_is_still_listed_as_Completed()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var tables = await StorageFaultProxy.StartAsync(azurite.TableEndpoint);
        var connectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
            $"BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint={azurite.QueueEndpoint};TableEndpoint={tables.Endpoint};";
        await using var app = await AppProcess.StartAsync(connectionString);
        var sku = "REL-PROJ-" + Guid.NewGuid().ToString("N")[..8];
        await app.Sandbox.SetStockAsync(sku, 1_000);

        // The history commit that completes the order succeeds; writing its Completed status to the instances table fails once.
        var instancesTable = app.HubName + "Instances(";
        tables.FailNext(1, r => r.Method is "PUT" or "MERGE" or "PATCH"
            && r.Path.Contains(instancesTable, StringComparison.OrdinalIgnoreCase)
            && r.Body.Contains("\"RuntimeStatus\":\"Completed\"", StringComparison.Ordinal));

        string[] ids;
        using (var api = app.CreateApiClient())
        {
            ids = [await OrderLoad.PlaceAsync(api, sku, "proj-" + Guid.NewGuid().ToString("N")[..8], 1)];
        }

        var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(60), () => app.Output);
        OrderLoad.AssertAllConfirmed(final, () => app.Output);
        await Poll.UntilAsync(() => Task.FromResult(tables.Failed), failed => failed == 1, TimeSpan.FromSeconds(30), "the Completed projection write to be refused");

        // The refused write's message comes back after the visibility timeout (5 s here); by then the list must agree.
        await OrderLoad.AssertQueryListsAllCompletedAsync(() => app.CreateApiClient(AppFactory.AdminKey), ids, () => app.Output);
        await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);
        output.WriteLine($"Refused {tables.Failed} projection write(s); the list caught up.");
    }
}
