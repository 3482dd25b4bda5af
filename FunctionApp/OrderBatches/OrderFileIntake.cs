using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FunctionApp.OrderBatches;

/// <summary>A file handed to a batch: the batch's id, and whether this call started it or it had been submitted before.</summary>
internal sealed record OrderFileSubmission(string File, string InstanceId, bool Started);

/// <summary>
/// Hands order files to <see cref="ProcessOrderFileOrchestrator"/>: the batch's instance id comes from the file's
/// content, so a file submitted twice (uploaded again, dropped under another name, scanned by two instances) is processed
/// once. A submitted blob is marked with its batch (metadata <see cref="OrderBatchStore.BatchMetadata"/>), which is how
/// the scan tells the files not yet processed; overwriting a blob clears its metadata, so new content is picked up again.
/// </summary>
/// <remarks>The Durable client comes from the calling function's <c>[DurableClient]</c> binding: the Functions host hands it to functions only.</remarks>
internal sealed partial class OrderFileIntake(OrderBatchStore store, IOptions<OrderBatchOptions> options, ILogger<OrderFileIntake> logger)
{
    /// <summary>Metadata of a blob the scan will not process, saying why (its name's extension, its size).</summary>
    public const string SkippedMetadata = "orderbatchskipped";

    /// <summary>Starts the batch of a file whose content hashes to <paramref name="sha256"/>, unless it exists; marks the blob.</summary>
    public async Task<OrderFileSubmission> SubmitAsync(DurableTaskClient client, string file, string sha256, OrderFileFormat format, ETag? etag, CancellationToken cancellationToken)
    {
        var instanceId = BatchIds.ForFile(sha256);
        var started = await client.GetInstanceAsync(instanceId, cancellationToken) is null
            && await TryStartAsync(client, instanceId, new OrderFileInput(file, sha256, format, options.Value.MaxParallelOrders, options.Value.OrdersPerChunk), cancellationToken);
        await MarkAsync(file, new Dictionary<string, string> { [OrderBatchStore.BatchMetadata] = instanceId }, etag, cancellationToken);
        LogSubmitted(logger, file, instanceId, started);
        return new OrderFileSubmission(file, instanceId, started);
    }

    /// <summary>Starts a batch unless an instance has its id, whatever its state (Durable would otherwise replace a finished one).</summary>
    private static async Task<bool> TryStartAsync(DurableTaskClient client, string instanceId, OrderFileInput input, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ProcessOrderFileOrchestrator), input,
                new StartOrchestrationOptions(instanceId).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>Submits every file in the incoming container not submitted yet: what the schedule runs.</summary>
    public async Task<IReadOnlyList<OrderFileSubmission>> ScanAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        await store.Incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var submitted = new List<OrderFileSubmission>();
        await foreach (var blob in store.Incoming.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (blob.Metadata.ContainsKey(OrderBatchStore.BatchMetadata) || blob.Metadata.ContainsKey(SkippedMetadata))
            {
                continue;
            }

            var skipped = OrderFileFormats.FromName(blob.Name) is null
                ? $"not an order file: its name must end in {OrderFileFormats.Known}"
                : blob.Properties.ContentLength > options.Value.MaxFileBytes
                    ? $"larger than OrderBatches:MaxFileBytes ({options.Value.MaxFileBytes} bytes)"
                    : null;
            if (skipped is not null)
            {
                LogSkipped(logger, blob.Name, skipped);
                await MarkAsync(blob.Name, new Dictionary<string, string> { [SkippedMetadata] = skipped }, blob.Properties.ETag, cancellationToken);
                continue;
            }

            try
            {
                var content = await store.Incoming.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Value.Content.ToMemory().Span));
                submitted.Add(await SubmitAsync(client, blob.Name, sha256, OrderFileFormats.FromName(blob.Name)!.Value, content.Value.Details.ETag, cancellationToken));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted since the listing.
            }
        }

        return submitted;
    }

    /// <summary>Adds metadata to a blob if it is still the content read; a blob changed since is new content, for the next scan.</summary>
    private async Task MarkAsync(string file, Dictionary<string, string> marks, ETag? etag, CancellationToken cancellationToken)
    {
        var blob = store.Incoming.GetBlobClient(file);
        try
        {
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = etag }, cancellationToken);
            var metadata = new Dictionary<string, string>(properties.Value.Metadata, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in marks)
            {
                metadata[key] = value;
            }

            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.Value.ETag }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Deleted or changed since it was read.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order file {File}: batch {InstanceId} (started now: {Started}).")]
    private static partial void LogSubmitted(ILogger logger, string file, string instanceId, bool started);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order file {File} is skipped: {Reason}.")]
    private static partial void LogSkipped(ILogger logger, string file, string reason);
}
