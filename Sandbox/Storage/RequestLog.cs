using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Sandbox.Storage;

/// <summary>
/// The log of accepted requests, one partition per system, which is also the deduplication store: a request with an
/// idempotency key gets the row key of its (operation, key), so its insert succeeds once and fails for every duplicate.
/// </summary>
internal sealed class RequestLog(SandboxTables tables, TimeProvider time)
{
    // An entity holds at most 1 MiB, strings counted in UTF-16: 7 chunks of body and 8 of response stay below it.
    private const int MaxBodyChunks = 7;
    private const int MaxResponseChunks = 8;
    private const int MaxAttempts = 5;

    private const string RequestIdProperty = "RequestId";
    private const string OperationProperty = "Operation";
    private const string IdempotencyKeyProperty = "IdempotencyKey";
    private const string ReceivedAtProperty = "ReceivedAt";
    private const string BodyProperty = "Body";
    private const string BodyTruncatedProperty = "BodyTruncated";
    private const string ResponseStatusProperty = "ResponseStatus";
    private const string ResponseProperty = "Response";

    private static readonly string[] ListedProperties =
    [
        RequestIdProperty, OperationProperty, IdempotencyKeyProperty, ReceivedAtProperty, BodyTruncatedProperty,
        .. TextChunks.PropertyNames(BodyProperty, MaxBodyChunks),
    ];

    private static readonly string[] ResponseProperties =
        [ResponseStatusProperty, .. TextChunks.PropertyNames(ResponseProperty, MaxResponseChunks)];

    /// <summary>
    /// Records <paramref name="request"/> with <paramref name="response"/> and returns the response to send: that one,
    /// or, when a request with the same operation and idempotency key was recorded before, the response it got.
    /// </summary>
    public async Task<StoredResponse> RecordAsync(AcceptedRequest request, StoredResponse response, CancellationToken cancellationToken)
    {
        var table = await tables.Requests.GetAsync(cancellationToken);
        var entity = ToEntity(request, response);
        if (request.IdempotencyKey is null)
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return response;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
                return response;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var original = await table.GetEntityIfExistsAsync<TableEntity>(
                    entity.PartitionKey, entity.RowKey, ResponseProperties, cancellationToken);
                if (original.HasValue)
                {
                    return new StoredResponse(
                        original.Value!.GetInt32(ResponseStatusProperty) ?? 200,
                        TextChunks.Read(original.Value, ResponseProperty, MaxResponseChunks) ?? "{}");
                }

                if (attempt == MaxAttempts)
                {
                    throw;
                }

                // The original was cleared between our insert and our read: try to become the original ourselves.
            }
        }
    }

    /// <summary>The system's accepted requests, oldest first, optionally only those whose key starts with <paramref name="keyPrefix"/>.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> ListAsync(string system, string? keyPrefix, CancellationToken cancellationToken)
    {
        var table = await tables.Requests.GetAsync(cancellationToken);
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {system}"), select: ListedProperties, cancellationToken: cancellationToken);

        var requests = new List<RecordedRequest>();
        await foreach (var row in rows)
        {
            var key = row.GetString(IdempotencyKeyProperty);
            if (keyPrefix is null || (key is not null && key.StartsWith(keyPrefix, StringComparison.Ordinal)))
            {
                requests.Add(ToRecordedRequest(system, row));
            }
        }

        return [.. requests.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>Deletes the system's accepted requests, and with them what deduplication remembers.</summary>
    public async Task ClearAsync(string system, CancellationToken cancellationToken)
    {
        var table = await tables.Requests.GetAsync(cancellationToken);
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {system}"), select: ["RowKey"], cancellationToken: cancellationToken);

        var keys = new List<string>();
        await foreach (var row in rows)
        {
            keys.Add(row.RowKey);
        }

        foreach (var batch in keys.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    batch.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(system, key))),
                    cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                // Another caller deleted some of these rows first, which fails the whole batch: delete one by one,
                // since a single delete of a missing row succeeds.
                foreach (var key in batch)
                {
                    await table.DeleteEntityAsync(system, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    private TableEntity ToEntity(AcceptedRequest request, StoredResponse response)
    {
        var requestId = Guid.NewGuid().ToString("N");
        var rowKey = request.IdempotencyKey is null
            ? requestId
            : $"{request.Operation}-{TableKeys.Hash(request.IdempotencyKey)}";

        var entity = new TableEntity(request.System, rowKey)
        {
            [RequestIdProperty] = requestId,
            [OperationProperty] = request.Operation,
            [IdempotencyKeyProperty] = request.IdempotencyKey,
            [ReceivedAtProperty] = time.GetUtcNow(),
        };

        if (request.Body is not null && !TextChunks.Write(entity, BodyProperty, request.Body, MaxBodyChunks))
        {
            entity[BodyTruncatedProperty] = true;
        }

        if (request.IdempotencyKey is not null)
        {
            entity[ResponseStatusProperty] = response.StatusCode;
            if (!TextChunks.Write(entity, ResponseProperty, response.JsonBody, MaxResponseChunks))
            {
                throw new RecordTooLargeException(
                    $"The answer is over {TextChunks.Capacity(MaxResponseChunks)} characters, more than the sandbox can keep for deduplication. Send a smaller request.");
            }
        }

        return entity;
    }

    private static RecordedRequest ToRecordedRequest(string system, TableEntity row)
    {
        var text = TextChunks.Read(row, BodyProperty, MaxBodyChunks);
        JsonElement? body = text switch
        {
            null => null,
            _ when row.GetBoolean(BodyTruncatedProperty) == true => JsonSerializer.SerializeToElement(text),
            _ => JsonElement.Parse(text),
        };

        return new RecordedRequest(
            row.GetString(RequestIdProperty) ?? row.RowKey,
            system,
            row.GetString(OperationProperty) ?? string.Empty,
            row.GetString(IdempotencyKeyProperty),
            row.GetDateTimeOffset(ReceivedAtProperty) ?? DateTimeOffset.MinValue,
            body);
    }
}
