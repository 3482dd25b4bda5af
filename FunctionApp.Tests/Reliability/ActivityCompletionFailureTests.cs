using System.Diagnostics;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// An activity finished, but storage refused its result, and the answer to the abandon that followed was lost: storage
/// made the message visible again under a new receipt while the app, retrying with the old one, was told it no longer
/// holds it. The provider alone would keep the activity's session and reject every later delivery of the message, and
/// the order would wait for good (Azure/durabletask#1173).
/// </summary>
public sealed class ActivityCompletionFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_activity_whose_result_and_abandon_both_fail_runs_again_and_its_order_completes_with_each_side_effect_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var queues = await StorageFaultProxy.StartAsync(azurite.QueueEndpoint);
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
                $"BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint={queues.Endpoint};TableEndpoint={azurite.TableEndpoint};",
        });
        var sku = "STRAND-" + Guid.NewGuid().ToString("N")[..8];
        await app.Sandbox.SetStockAsync(sku, 100);

        var workItems = app.HubName.ToLowerInvariant() + "-workitems/messages/";
        queues.FailNext(1, request => request.Method == "POST"
            && request.Path.Contains("-control-", StringComparison.Ordinal)
            && request.Body.Contains("TaskCompleted", StringComparison.Ordinal));
        queues.LoseAnswerOfNext(1, (request, _) => request.Method == "PUT" && request.Path.Contains(workItems, StringComparison.Ordinal));

        var placed = Stopwatch.StartNew();
        string id;
        using (var api = app.CreateApiClient())
        {
            id = await OrderLoad.PlaceAsync(api, sku, "strand-" + Guid.NewGuid().ToString("N")[..8], 1);
        }

        // The abandoned message is visible again two seconds later (its lock would have run out only after five minutes),
        // but the failure makes the provider's dispatcher back off for its next few work items, ten seconds each.
        var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), [id], TimeSpan.FromSeconds(150), () => $"refused {queues.Failed}, answers lost {queues.Lost}");

        output.WriteLine($"The order completed {placed.Elapsed.TotalSeconds:0.0} s after it was placed.");
        Assert.Equal(1, queues.Failed);
        Assert.Equal(1, queues.Lost);
        OrderLoad.AssertAllConfirmed(final, () => string.Empty);
        await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, [id]);
    }
}
