using System.Security.Cryptography;
using System.Text;
using Azure;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>What <see cref="ParseOrderFile"/> reads: a batch's file.</summary>
internal sealed record ParseRequest(string BatchId, OrderFileInput File);

/// <summary>
/// Reads a batch's file, checks it is the content that was submitted, validates every line and writes the batch's work
/// files: the refused lines and the valid orders in chunks. Runs again from the start if retried; it writes the same files.
/// </summary>
internal sealed class ParseOrderFile(OrderBatchStore store)
{
    [Function(nameof(ParseOrderFile))]
    public Task<OrderFileSummary> RunAsync([ActivityTrigger] ParseRequest request, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(OrderBatchStore.StepRetry, token => ParseAsync(request, token), cancellationToken);

    private async Task<OrderFileSummary> ParseAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        var (batchId, file) = request;
        byte[] content;
        try
        {
            content = (await store.Incoming.GetBlobClient(file.File).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await RefuseAsync(batchId, $"The file {file.File} is gone from {store.Incoming.Name}.", cancellationToken);
        }

        if (!Convert.ToHexStringLower(SHA256.HashData(content)).Equals(file.Sha256, StringComparison.Ordinal))
        {
            return await RefuseAsync(batchId, $"The file {file.File} changed after it was submitted; its new content is a new file, picked up by the next scan.", cancellationToken);
        }

        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var parsed = OrderFileParser.Parse(reader, file.Format);
        if (parsed.FileError is not null)
        {
            return await RefuseAsync(batchId, parsed.FileError, cancellationToken);
        }

        await store.WriteRefusedAsync(batchId, parsed.Refused, cancellationToken);
        var chunks = parsed.Orders.Chunk(file.OrdersPerChunk).ToList();
        await Parallel.ForEachAsync(
            chunks.Select((orders, index) => (orders, index)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) => await store.WriteChunkAsync(batchId, chunk.index, chunk.orders, ct));
        return new OrderFileSummary(
            parsed.Lines,
            parsed.Refused.Count(l => l.Outcome == LineOutcomes.Invalid),
            parsed.Refused.Count(l => l.Outcome == LineOutcomes.Rejected),
            parsed.Orders.Count,
            chunks.Count,
            null);
    }

    private async Task<OrderFileSummary> RefuseAsync(string batchId, string error, CancellationToken cancellationToken)
    {
        await store.WriteRefusedAsync(batchId, [], cancellationToken);
        return new OrderFileSummary(0, 0, 0, 0, 0, error);
    }
}
