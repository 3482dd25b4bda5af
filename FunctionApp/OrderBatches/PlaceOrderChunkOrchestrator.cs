using FunctionApp.OrderBatches.Activities;
using FunctionApp.Orders;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionApp.OrderBatches;

/// <summary>
/// Places the orders of one chunk of a file, each as a <see cref="PlaceOrderOrchestrator"/> sub-orchestration, at most
/// <see cref="OrderChunk.MaxParallelOrders"/> at a time. An order counts as done when it is confirmed, fails, or is
/// back-ordered (it tells its parent, and goes on waiting for the restock on its own); the results go to the batch's work
/// files for the report.
/// </summary>
internal sealed class PlaceOrderChunkOrchestrator
{
    [Function(nameof(PlaceOrderChunkOrchestrator))]
    public async Task<OrderCounts> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, OrderChunk chunk)
    {
        var orders = await context.CallActivityAsync<List<BatchOrder>>(nameof(ReadOrderChunk), chunk);
        var results = new BatchOrderResult[orders.Count];
        var running = new List<(Task<BatchOrderResult> Task, int Index)>();
        var next = 0;
        while (next < orders.Count || running.Count > 0)
        {
            while (next < orders.Count && running.Count < chunk.MaxParallelOrders)
            {
                running.Add((PlaceAsync(context, chunk.BatchId, orders[next]), next));
                next++;
            }

            var done = await Task.WhenAny(running.Select(r => r.Task));
            var finished = running.Single(r => r.Task == done);
            running.Remove(finished);
            results[finished.Index] = await done;
        }

        await context.CallActivityAsync(nameof(SaveChunkResults), new ChunkResults(chunk.BatchId, chunk.Index, results));
        return new OrderCounts(
            results.Count(r => r.Outcome == LineOutcomes.Confirmed),
            results.Count(r => r.Outcome == LineOutcomes.BackOrdered),
            results.Count(r => r.Outcome == LineOutcomes.Failed));
    }

    private static async Task<BatchOrderResult> PlaceAsync(TaskOrchestrationContext context, string batchId, BatchOrder order)
    {
        var instanceId = BatchIds.ForOrder(batchId, order.OrderRef);
        var placed = context.CallSubOrchestratorAsync<OrderOutcome>(
            nameof(PlaceOrderOrchestrator), new PlaceOrderInput(order.Order, TellParentWhenBackOrdered: true), new SubOrchestrationOptions { InstanceId = instanceId });
        var backOrdered = context.WaitForExternalEvent<OrderOutcome>(BatchIds.BackOrderedEvent(instanceId));
        try
        {
            var outcome = await await Task.WhenAny(placed, backOrdered);
            return outcome.Status == OrderOutcome.ConfirmedStatus
                ? new BatchOrderResult(order.OrderRef, instanceId, LineOutcomes.Confirmed, $"Invoice {outcome.InvoiceNumber ?? outcome.InvoiceId}, Acme order {outcome.AcmeOrderId}.")
                : new BatchOrderResult(order.OrderRef, instanceId, LineOutcomes.BackOrdered,
                    $"Waiting for stock of {string.Join(", ", outcome.BackOrderedSkus ?? [])}; confirmed when the warehouse restocks.");
        }
        catch (TaskFailedException e)
        {
            return new BatchOrderResult(order.OrderRef, instanceId, LineOutcomes.Failed, e.FailureDetails.ErrorMessage);
        }
    }
}
