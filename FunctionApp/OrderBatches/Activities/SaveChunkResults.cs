using DurableEngine;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>The outcomes of one chunk's orders.</summary>
internal sealed record ChunkResults(string BatchId, int Index, IReadOnlyList<BatchOrderResult> Results);

/// <summary>Keeps the outcomes of one chunk's orders in the batch's work files, for the report.</summary>
internal sealed class SaveChunkResults(OrderBatchStore store) : TaskActivity<ChunkResults, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ChunkResults chunk, CancellationToken cancellationToken)
    {
        await store.WriteResultsAsync(chunk.BatchId, chunk.Index, chunk.Results, cancellationToken);
        return true;
    }
}
