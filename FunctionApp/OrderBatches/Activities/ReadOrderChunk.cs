using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>Reads the orders of one chunk of a batch from its work files.</summary>
internal sealed class ReadOrderChunk(OrderBatchStore store)
{
    [Function(nameof(ReadOrderChunk))]
    public Task<List<BatchOrder>> RunAsync([ActivityTrigger] OrderChunk chunk, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(OrderBatchStore.StepRetry, token => store.ReadChunkAsync(chunk.BatchId, chunk.Index, token), cancellationToken);
}
