using DurableTask.Core.Exceptions;
using FunctionApp.Durable;
using FunctionApp.Orders;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>One order of a batch to start: its instance id and input.</summary>
internal sealed record BatchOrderStart(string InstanceId, PlaceOrderInput Input);

/// <summary>
/// Starts the orders of a chunk, each under its <see cref="OrderWatchOrchestrator"/>, as instances of their own: run
/// again (a retry, a replay of the chunk), it starts none twice, since the ids come from the file.
/// </summary>
internal sealed class StartBatchOrders
{
    private static readonly OrchestrationRuntimeStatus[] AnyStatus = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    [Function(nameof(StartBatchOrders))]
    public Task RunAsync([ActivityTrigger] IReadOnlyList<BatchOrderStart> orders, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(OrderBatchStore.StepRetry, async token =>
        {
            await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = token }, (order, ct) => StartAsync(client, order, ct));
            return true;
        }, cancellationToken);

    private static async ValueTask StartAsync(DurableTaskClient client, BatchOrderStart order, CancellationToken token)
    {
        var watch = OrderWatchOrchestrator.InstanceIdFor(order.InstanceId);
        if (await client.GetInstanceAsync(watch, token) is not null)
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(OrderWatchOrchestrator), order.Input, new StartOrchestrationOptions(watch).WithDedupeStatuses(AnyStatus), token);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by an earlier attempt.
        }
    }
}
