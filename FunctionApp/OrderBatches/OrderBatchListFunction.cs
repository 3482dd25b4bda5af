using Azure;
using Azure.Storage.Blobs.Models;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunctionApp.OrderBatches;

/// <summary>
/// <c>GET /api/order-batches?top=N</c> (admin key): the latest order files (by arrival, to the second, newest first, 50 by default), each
/// with its batch's status, stage and counts, or why the scan skipped it. It lists the incoming container, so its cost
/// grows with the files kept there.
/// </summary>
internal sealed class OrderBatchListFunction(OrderBatchStore store)
{
    public const int DefaultTop = 50;
    public const int MaxTop = 200;

    [Function("ListOrderBatches")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "order-batches")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(async () =>
        {
            if (QueryNumber.Read(request.Query["top"].FirstOrDefault(), DefaultTop, 1, MaxTop) is not { } top)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Invalid top", $"top must be a whole number from 1 to {MaxTop}.");
            }

            return TypedResults.Ok(await ListAsync(client, top, cancellationToken));
        }, cancellationToken);

    private async Task<IReadOnlyList<OrderBatchSummary>> ListAsync(DurableTaskClient client, int top, CancellationToken cancellationToken)
    {
        var files = new List<BlobItem>();
        try
        {
            await foreach (var blob in store.Incoming.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
            {
                files.Add(blob);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        var latest = files.OrderByDescending(ArrivedAt).Take(top).ToList();
        return await Task.WhenAll(latest.Select(file => SummarizeAsync(client, file, cancellationToken)));
    }

    private static async Task<OrderBatchSummary> SummarizeAsync(DurableTaskClient client, BlobItem file, CancellationToken cancellationToken)
    {
        file.Metadata.TryGetValue(OrderBatchStore.BatchMetadata, out var batchId);
        file.Metadata.TryGetValue(OrderFileIntake.SkippedMetadata, out var skipped);
        var instance = batchId is null ? null : await client.GetInstanceAsync(batchId, getInputsAndOutputs: true, cancellationToken);
        return new OrderBatchSummary(
            file.Name,
            ArrivedAt(file),
            file.Properties.ContentLength,
            batchId,
            skipped,
            instance?.RuntimeStatus.ToString(),
            instance?.ReadCustomStatusAs<BatchStage>()?.Stage,
            instance?.CreatedAt,
            instance?.LastUpdatedAt,
            instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<OrderFileOutcome>() : null);
    }

    /// <summary>When the file was created (marking it changes its last-modified time, not this).</summary>
    private static DateTimeOffset? ArrivedAt(BlobItem file) => file.Properties.CreatedOn ?? file.Properties.LastModified;

    /// <summary>The part of a batch's custom status the list shows.</summary>
    private sealed record BatchStage(string? Stage);
}
