using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>The outcomes of one chunk's orders.</summary>
internal sealed record ChunkResults(string BatchId, int Index, IReadOnlyList<BatchOrderResult> Results);

/// <summary>Keeps the outcomes of one chunk's orders in the batch's work files, for the report.</summary>
internal sealed class SaveChunkResults(OrderBatchStore store)
{
    [Function(nameof(SaveChunkResults))]
    public Task RunAsync([ActivityTrigger] ChunkResults chunk, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(OrderBatchStore.StepRetry, async token =>
        {
            await store.WriteResultsAsync(chunk.BatchId, chunk.Index, chunk.Results, token);
            return true;
        }, cancellationToken);
}
