using DurableEngine;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>Reads the orders of one chunk of a batch from its work files.</summary>
internal sealed class ReadOrderChunk(OrderBatchStore store) : TaskActivity<OrderChunk, List<BatchOrder>>
{
    public override Task<List<BatchOrder>> RunAsync(TaskActivityContext context, OrderChunk chunk, CancellationToken cancellationToken) =>
        store.ReadChunkAsync(chunk.BatchId, chunk.Index, cancellationToken);
}
