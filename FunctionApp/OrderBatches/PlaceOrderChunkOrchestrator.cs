using FunctionApp.OrderBatches.Activities;
using FunctionApp.Orders;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionApp.OrderBatches;

/// <summary>
/// Places the orders of one chunk of a file, at most <see cref="OrderChunk.MaxParallelOrders"/> at a time, and gathers
/// how each came out for the report. Each order runs as a <see cref="PlaceOrderOrchestrator"/> under its
/// <see cref="OrderWatchOrchestrator"/>, started by an activity, and tells the chunk its outcome
/// (<see cref="OrderOutcomeNotice"/>): confirmed, failed, or back-ordered, which counts as done (the order goes on
/// waiting for the restock on its own; the chunk could not finish while an order of its own was still waiting).
/// </summary>
internal sealed class PlaceOrderChunkOrchestrator
{
    [Function(nameof(PlaceOrderChunkOrchestrator))]
    public async Task<OrderCounts> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, OrderChunk chunk)
    {
        var orders = await context.CallActivityAsync<List<BatchOrder>>(nameof(ReadOrderChunk), chunk);
        var index = orders.Select((order, i) => (Id: BatchIds.ForOrder(chunk.BatchId, order.OrderRef), i)).ToDictionary(o => o.Id, o => o.i, StringComparer.Ordinal);
        var results = new BatchOrderResult?[orders.Count];
        var started = 0;
        var done = 0;
        while (done < orders.Count)
        {
            // Refilled once half the places are free, so one activity starts several orders: each start is a round trip.
            var inFlight = started - done;
            if (started < orders.Count && inFlight <= chunk.MaxParallelOrders / 2)
            {
                var next = orders.Skip(started).Take(chunk.MaxParallelOrders - inFlight)
                    .Select(o => new BatchOrderStart(BatchIds.ForOrder(chunk.BatchId, o.OrderRef), new PlaceOrderInput(o.Order, ReportTo: context.InstanceId)))
                    .ToList();
                await context.CallActivityAsync(nameof(StartBatchOrders), next);
                started += next.Count;
            }

            var notice = await context.WaitForExternalEvent<OrderOutcomeNotice>(OrderOutcomeNotice.EventName);
            // A back-ordered order is heard from twice (back-ordered, then confirmed after the restock): the first counts.
            if (index.TryGetValue(notice.InstanceId, out var i) && results[i] is null)
            {
                results[i] = Result(orders[i].OrderRef, notice);
                done++;
            }
        }

        var all = results.Select(r => r!).ToList();
        await context.CallActivityAsync(nameof(SaveChunkResults), new ChunkResults(chunk.BatchId, chunk.Index, all));
        return new OrderCounts(
            all.Count(r => r.Outcome == LineOutcomes.Confirmed),
            all.Count(r => r.Outcome == LineOutcomes.BackOrdered),
            all.Count(r => r.Outcome == LineOutcomes.Failed));
    }

    private static BatchOrderResult Result(string orderRef, OrderOutcomeNotice notice) => notice.Outcome switch
    {
        null => new BatchOrderResult(orderRef, notice.InstanceId, LineOutcomes.Failed, notice.Failure),
        { Status: OrderOutcome.ConfirmedStatus } confirmed => new BatchOrderResult(orderRef, notice.InstanceId, LineOutcomes.Confirmed,
            $"Invoice {confirmed.InvoiceNumber ?? confirmed.InvoiceId}, Acme order {confirmed.AcmeOrderId}."),
        var backOrdered => new BatchOrderResult(orderRef, notice.InstanceId, LineOutcomes.BackOrdered,
            $"Waiting for stock of {string.Join(", ", backOrdered.BackOrderedSkus ?? [])}; confirmed when the warehouse restocks."),
    };
}
