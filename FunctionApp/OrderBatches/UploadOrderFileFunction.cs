using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionApp.Durable;
using FunctionApp.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FunctionApp.OrderBatches;

/// <summary>
/// <c>POST /api/order-batches</c>: uploads an order file to <c>incoming-orders</c> and starts its batch at once (202 with
/// the status URLs); the same content again is a 409 naming the batch that has it. The body is the file, or a form with
/// the file in it (<c>curl -F file=@orders.csv</c>).
/// </summary>
internal sealed partial class UploadOrderFileFunction(OrderBatchStore store, OrderFileIntake intake, IOptions<OrderBatchOptions> options, TimeProvider time)
{
    [Function("UploadOrderFile")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "order-batches")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(() => UploadAsync(request.HttpContext, client, request.Query["name"].FirstOrDefault(), cancellationToken), cancellationToken);

    private async Task<IResult> UploadAsync(HttpContext http, DurableTaskClient client, string? name, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxFileBytes;
        if (name is not null && (!ValidName().IsMatch(name) || name.Split('/').Any(s => s is "" or "." or "..")))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid file name",
                "name must be 1 to 200 letters, digits, '-', '_', '.' or '/' (no empty, '.' or '..' segments), ending in " + OrderFileFormats.Known + ".");
        }

        if (http.Request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        // The body is the file, or a form with the file in it (curl -F file=@orders.csv).
        var (source, contentType, fileName) = (http.Request.Body, http.Request.ContentType, (string?)null);
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            MultipartSection? part;
            try
            {
                part = await FirstFileAsync(http.Request, mediaType, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Malformed form", $"The multipart body cannot be read: {e.Message}");
            }

            if (part is null)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "No file", "The form holds no file part; send it as -F file=@orders.csv, or send the file itself as the body.");
            }

            (source, contentType, fileName) = (part.Body, part.ContentType, part.AsFileSection()?.FileName);
        }

        var format = name is not null
            ? OrderFileFormats.FromName(name)
            : (fileName is null ? null : OrderFileFormats.FromName(fileName)) ?? OrderFileFormats.FromContentType(contentType);
        if (format is null)
        {
            return name is null
                ? Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "Send the file as text/csv or application/x-ndjson (JSON Lines), or name it with ?name= ending in " + OrderFileFormats.Known + ".")
                : Problems.Create(StatusCodes.Status400BadRequest, "Invalid file name", $"name must end in {OrderFileFormats.Known}.");
        }

        // Buffered to a temporary file, so the blob's name can come from the content's hash and a too large body is
        // refused before anything is stored.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge(maxBytes);
                }

                hash.AppendData(chunk, 0, read);
                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && !cancellationToken.IsCancellationRequested))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Incomplete upload", $"The body ended before the file did: {e.Message}");
        }

        if (buffer.Length == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Empty file", "The request body is the order file; it is empty.");
        }

        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        var file = name ?? $"uploads/{time.GetUtcNow():yyyy/MM/dd}/{sha256[..16]}{OrderFileFormats.Extension(format.Value)}";
        buffer.Position = 0;
        var blob = store.Incoming.GetBlobClient(file);
        ETag etag;
        try
        {
            await store.Incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var uploaded = await blob.UploadAsync(buffer, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { [OrderBatchStore.HashMetadata] = sha256 },
                HttpHeaders = new BlobHttpHeaders { ContentType = format == OrderFileFormat.Csv ? "text/csv" : "application/x-ndjson" },
            }, cancellationToken);
            etag = uploaded.Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (!existing.Value.Metadata.TryGetValue(OrderBatchStore.HashMetadata, out var existingHash) || existingHash != sha256)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "File name taken",
                    $"A different file named {file} is in {store.Incoming.Name}; choose another name.");
            }

            etag = existing.Value.ETag;
        }

        var submission = await intake.SubmitAsync(client, file, sha256, format.Value, etag, cancellationToken);
        var baseUrl = StatusResponses.BaseUrl(http.Request);
        var statusUrl = StatusResponses.StatusUrl(baseUrl, submission.InstanceId);
        if (!submission.Started)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "File already submitted",
                $"This file's content was submitted before and is processed once only, by batch {submission.InstanceId}.",
                new Dictionary<string, object?> { ["instanceId"] = submission.InstanceId, ["statusQueryGetUri"] = statusUrl });
        }

        var body = StatusResponses.CheckStatus(baseUrl, submission.InstanceId);
        body["file"] = $"{store.Incoming.Name}/{file}";
        http.Response.Headers.Location = statusUrl;
        http.Response.Headers.RetryAfter = "10";
        return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The first part of a form that carries a file name, positioned at its content.</summary>
    private static async Task<MultipartSection?> FirstFileAsync(HttpRequest request, MediaTypeHeaderValue mediaType, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (section.AsFileSection() is { FileName.Length: > 0 })
            {
                return section;
            }
        }

        return null;
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"An order file may have at most {maxBytes} bytes (OrderBatches:MaxFileBytes).");

    [GeneratedRegex(@"^[A-Za-z0-9_./-]{1,200}\z")]
    private static partial Regex ValidName();
}
