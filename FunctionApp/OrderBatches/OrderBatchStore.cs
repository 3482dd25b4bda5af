using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionApp.Durable;
using Microsoft.Extensions.Options;

namespace FunctionApp.OrderBatches;

/// <summary>
/// The blobs of the order batches: the files in <c>incoming-orders</c>, each batch's work
/// files (<c>{batch}/refused.json</c>, <c>{batch}/chunks/{n}.json</c>, <c>{batch}/results/{n}.json</c>) in
/// <c>order-batches</c>, and the reports in <c>order-reports</c> (the containers are settings).
/// </summary>
internal sealed class OrderBatchStore(BlobServiceClient blobs, IOptions<OrderBatchOptions> options)
{
    /// <summary>The metadata a submitted file gets: the batch that processes it.</summary>
    public const string BatchMetadata = "orderbatch";

    /// <summary>The metadata an uploaded file gets: its content's SHA-256.</summary>
    public const string HashMetadata = "sha256";

    /// <summary>How a batch's storage steps try before the batch fails: 5 attempts, 1 s apart at first, doubling up to 30 s.</summary>
    public static readonly StepRetryPolicy StepRetry = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>How the work files and reports are written: web names, enums as strings, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public BlobContainerClient Incoming => blobs.GetBlobContainerClient(options.Value.IncomingContainer);

    public BlobContainerClient Reports => blobs.GetBlobContainerClient(options.Value.ReportsContainer);

    private BlobContainerClient Work => blobs.GetBlobContainerClient(options.Value.WorkContainer);

    public static string ReportName(string batchId) => batchId + ".json";

    /// <summary>Where a batch's report is, as <c>{container}/{blob}</c>.</summary>
    public string ReportPath(string batchId) => $"{Reports.Name}/{ReportName(batchId)}";

    public Task WriteRefusedAsync(string batchId, IReadOnlyList<OrderFileLine> refused, CancellationToken cancellationToken) =>
        WriteAsync(Work, $"{batchId}/refused.json", refused, cancellationToken);

    public Task<List<OrderFileLine>> ReadRefusedAsync(string batchId, CancellationToken cancellationToken) =>
        ReadAsync<List<OrderFileLine>>(Work, $"{batchId}/refused.json", cancellationToken);

    public Task WriteChunkAsync(string batchId, int index, IReadOnlyList<BatchOrder> orders, CancellationToken cancellationToken) =>
        WriteAsync(Work, $"{batchId}/chunks/{index}.json", orders, cancellationToken);

    public Task<List<BatchOrder>> ReadChunkAsync(string batchId, int index, CancellationToken cancellationToken) =>
        ReadAsync<List<BatchOrder>>(Work, $"{batchId}/chunks/{index}.json", cancellationToken);

    public Task WriteResultsAsync(string batchId, int index, IReadOnlyList<BatchOrderResult> results, CancellationToken cancellationToken) =>
        WriteAsync(Work, $"{batchId}/results/{index}.json", results, cancellationToken);

    public Task<List<BatchOrderResult>> ReadResultsAsync(string batchId, int index, CancellationToken cancellationToken) =>
        ReadAsync<List<BatchOrderResult>>(Work, $"{batchId}/results/{index}.json", cancellationToken);

    public Task WriteReportAsync(string batchId, OrderReport report, CancellationToken cancellationToken) =>
        WriteAsync(Reports, ReportName(batchId), report, cancellationToken);

    public async Task<OrderReport?> ReadReportAsync(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync<OrderReport>(Reports, ReportName(batchId), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Removes a batch's work files, once its report holds everything they did.</summary>
    public async Task DeleteWorkAsync(string batchId, CancellationToken cancellationToken)
    {
        await foreach (var blob in Work.GetBlobsAsync(new GetBlobsOptions { Prefix = batchId + "/" }, cancellationToken))
        {
            await Work.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }

    private static async Task WriteAsync<T>(BlobContainerClient container, string name, T value, CancellationToken cancellationToken)
    {
        var content = BinaryData.FromObjectAsJson(value, Json);
        var headers = new BlobHttpHeaders { ContentType = "application/json" };
        try
        {
            await container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken);
        }
    }

    private static async Task<T> ReadAsync<T>(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToObjectFromJson<T>(Json)
            ?? throw new InvalidDataException($"{container.Name}/{name} holds no value.");
    }
}
