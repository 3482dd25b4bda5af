using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DurableEngine.History;

namespace DurableEngine.Storage;

/// <summary>
/// Instance state and history on Azure Tables. An instance is one partition of the history table: a state row
/// (<see cref="StateRowKey"/>) and event rows keyed by generation and sequence number. Events are appended in entity-group
/// transactions together with the state row, conditional on the state row's ETag.
/// </summary>
internal sealed class InstanceStore(TaskHub hub)
{
    public const string StateRowKey = "~state";

    // An entity-group transaction holds at most 100 operations: the state row and 99 events.
    private const int MaxEventsPerTransaction = 99;

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);
    private readonly LargeValues _large = new(hub.LargePayloads);

    public TaskHub Hub => hub;

    public async Task<InstanceState?> ReadStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var row = await hub.History.GetEntityIfExistsAsync<TableEntity>(instanceId, StateRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? await ToStateAsync(row.Value!, cancellationToken) : null;
    }

    /// <summary>Reads the events of the instance's current generation, oldest first.</summary>
    public async Task<List<HistoryEvent>> ReadHistoryAsync(InstanceState state, CancellationToken cancellationToken)
    {
        var from = state.Generation + ".";
        var to = state.Generation + "/";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {state.InstanceId} and RowKey gt {from} and RowKey lt {to}");
        var events = new List<HistoryEvent>(state.EventCount);
        await foreach (var row in hub.History.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (SequenceOf(row.RowKey) >= state.EventCount)
            {
                continue;
            }

            var json = await _large.GetAsync(row, "Event", cancellationToken);
            events.Add(JsonSerializer.Deserialize<HistoryEvent>(json!, EventJson)!);
        }

        return events;
    }

    /// <summary>Creates the state row of a new instance; false if the instance id is taken.</summary>
    public async Task<bool> TryCreateAsync(InstanceState state, CancellationToken cancellationToken)
    {
        var entity = await ToEntityAsync(state, cancellationToken);
        try
        {
            await hub.History.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> at the end of the current generation and replaces the state row, conditional on
    /// the ETag of <paramref name="previous"/>. Long appends go in several transactions, each a valid prefix of the history.
    /// Returns the stored state, or null if another worker changed the instance first.
    /// </summary>
    public async Task<InstanceState?> AppendAsync(
        InstanceState previous,
        InstanceState next,
        IReadOnlyList<HistoryEvent> events,
        CancellationToken cancellationToken)
    {
        var etag = previous.ETag;
        var start = previous.EventCount;
        var written = 0;
        InstanceState current = previous;
        do
        {
            var count = Math.Min(MaxEventsPerTransaction, events.Count - written);
            var last = written + count == events.Count;
            var chunkState = last
                ? next with { EventCount = start + events.Count }
                : previous with { EventCount = start + written + count, OutboxFrom = start, OutboxTo = start + written + count };
            var actions = new List<TableTransactionAction>(count + 1)
            {
                new(TableTransactionActionType.UpdateReplace, await ToEntityAsync(chunkState, cancellationToken), etag),
            };
            for (var i = 0; i < count; i++)
            {
                actions.Add(new(TableTransactionActionType.Add, await ToEventRowAsync(chunkState, start + written + i, events[written + i], cancellationToken)));
            }

            var newEtag = await SubmitAsync(actions, cancellationToken);
            if (newEtag is null)
            {
                return null;
            }

            etag = newEtag.Value;
            written += count;
            current = chunkState with { ETag = etag };
        }
        while (written < events.Count);

        return current;
    }

    /// <summary>
    /// Replaces the whole history with <paramref name="events"/> under a new generation (continue-as-new, rewind, restart).
    /// The new rows are invisible until the final transaction switches the state row to them.
    /// </summary>
    public async Task<InstanceState?> ReplaceHistoryAsync(
        InstanceState previous,
        InstanceState next,
        IReadOnlyList<HistoryEvent> events,
        CancellationToken cancellationToken)
    {
        var generation = next.Generation;
        var finalState = next with { EventCount = events.Count };
        var firstOfLastChunk = events.Count <= MaxEventsPerTransaction ? 0 : events.Count - MaxEventsPerTransaction;
        for (var offset = 0; offset < firstOfLastChunk; offset += 100)
        {
            var batch = new List<TableTransactionAction>();
            for (var i = offset; i < Math.Min(offset + 100, firstOfLastChunk); i++)
            {
                batch.Add(new(TableTransactionActionType.UpsertReplace, await ToEventRowAsync(finalState, i, events[i], cancellationToken)));
            }

            await hub.History.SubmitTransactionAsync(batch, cancellationToken);
        }

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, await ToEntityAsync(finalState, cancellationToken), previous.ETag),
        };
        for (var i = firstOfLastChunk; i < events.Count; i++)
        {
            actions.Add(new(TableTransactionActionType.Add, await ToEventRowAsync(finalState, i, events[i], cancellationToken)));
        }

        var etag = await SubmitAsync(actions, cancellationToken);
        if (etag is null)
        {
            return null;
        }

        _ = DeleteOtherGenerationsAsync(previous.InstanceId, generation);
        return finalState with { ETag = etag.Value };
    }

    /// <summary>Replaces the state row alone, conditional on its ETag; null if another worker changed it first.</summary>
    public async Task<InstanceState?> UpdateStateAsync(InstanceState next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await hub.History.UpdateEntityAsync(await ToEntityAsync(next, cancellationToken), next.ETag, TableUpdateMode.Replace, cancellationToken);
            return next with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Copies the state into the instances table, where queries across instances look.</summary>
    public async Task ProjectAsync(InstanceState state, CancellationToken cancellationToken)
    {
        var entity = await ToEntityAsync(state, cancellationToken);
        entity.RowKey = "";
        await hub.Instances.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<(List<InstanceState> Page, string? ContinuationToken)> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            clauses.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime le {to}"));
        }

        if (!string.IsNullOrEmpty(query.Name))
        {
            clauses.Add(TableClient.CreateQueryFilter($"Name eq {query.Name}"));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            var prefix = query.InstanceIdPrefix;
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {upper}"));
        }

        var filter = clauses.Count == 0 ? null : string.Join(" and ", clauses);
        var pages = hub.Instances.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, cancellationToken: cancellationToken)
            .AsPages(ContinuationTokens.Decode(query.ContinuationToken), query.PageSize);
        await foreach (var page in pages)
        {
            var states = new List<InstanceState>(page.Values.Count);
            foreach (var row in page.Values)
            {
                states.Add(await ToStateAsync(row, cancellationToken));
            }

            return (states, ContinuationTokens.Encode(page.ContinuationToken));
        }

        return ([], null);
    }

    /// <summary>Deletes everything the instance has: its projection, its history partition and its blobs.</summary>
    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        await hub.Instances.DeleteEntityAsync(instanceId, "", ETag.All, cancellationToken);
        var rows = new List<TableEntity>();
        await foreach (var row in hub.History.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await hub.History.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }

        await _large.DeleteInstanceBlobsAsync(instanceId, cancellationToken);
    }

    private async Task DeleteOtherGenerationsAsync(string instanceId, string keep)
    {
        try
        {
            var stale = new List<TableEntity>();
            await foreach (var row in hub.History.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"]))
            {
                if (row.RowKey != StateRowKey && !row.RowKey.StartsWith(keep + ".", StringComparison.Ordinal))
                {
                    stale.Add(row);
                }
            }

            foreach (var chunk in stale.Chunk(100))
            {
                await hub.History.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)));
            }
        }
        catch (RequestFailedException)
        {
            // Old generations are invisible; whatever is left is removed by purge.
        }
    }

    private async Task<ETag?> SubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            var response = await hub.History.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[0].Headers.ETag;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            return null;
        }
    }

    private async Task<TableEntity> ToEventRowAsync(InstanceState state, int sequence, HistoryEvent e, CancellationToken cancellationToken)
    {
        var row = new TableEntity(state.InstanceId, $"{state.Generation}.{sequence.ToString("D8", CultureInfo.InvariantCulture)}")
        {
            ["EventType"] = e.GetType().Name,
        };
        await _large.SetAsync(row, "Event", JsonSerializer.Serialize(e, EventJson), state.InstanceId, cancellationToken);
        return row;
    }

    private static int SequenceOf(string rowKey) =>
        int.Parse(rowKey.AsSpan(rowKey.LastIndexOf('.') + 1), CultureInfo.InvariantCulture);

    private async Task<TableEntity> ToEntityAsync(InstanceState s, CancellationToken cancellationToken)
    {
        var e = new TableEntity(s.InstanceId, StateRowKey)
        {
            ["Name"] = s.Name,
            ["ExecutionId"] = s.ExecutionId,
            ["Generation"] = s.Generation,
            ["EventCount"] = s.EventCount,
            ["RuntimeStatus"] = s.Status.ToString(),
            ["CreatedTime"] = DateTime.SpecifyKind(s.CreatedTime, DateTimeKind.Utc),
            ["LastUpdatedTime"] = DateTime.SpecifyKind(s.LastUpdatedTime, DateTimeKind.Utc),
            ["ParentInstanceId"] = s.ParentInstanceId,
            ["OutboxFrom"] = s.OutboxFrom,
            ["OutboxTo"] = s.OutboxTo,
            ["Tags"] = s.Tags is null ? null : JsonSerializer.Serialize(s.Tags, EventJson),
            ["Failure"] = s.Failure is null ? null : JsonSerializer.Serialize(s.Failure, EventJson),
        };
        await _large.SetAsync(e, "Input", s.Input, s.InstanceId, cancellationToken);
        await _large.SetAsync(e, "Output", s.Output, s.InstanceId, cancellationToken);
        await _large.SetAsync(e, "CustomStatus", s.CustomStatus, s.InstanceId, cancellationToken);
        await _large.SetAsync(e, "Reply", s.Reply, s.InstanceId, cancellationToken);
        return e;
    }

    private async Task<InstanceState> ToStateAsync(TableEntity e, CancellationToken cancellationToken)
    {
        var tags = e.GetString("Tags");
        var failure = e.GetString("Failure");
        return new InstanceState
        {
            InstanceId = e.PartitionKey,
            Name = e.GetString("Name") ?? "",
            ExecutionId = e.GetString("ExecutionId") ?? "",
            Generation = e.GetString("Generation") ?? "",
            EventCount = e.GetInt32("EventCount") ?? 0,
            Status = Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
            CreatedTime = e.GetDateTimeOffset("CreatedTime")?.UtcDateTime ?? default,
            LastUpdatedTime = e.GetDateTimeOffset("LastUpdatedTime")?.UtcDateTime ?? default,
            ParentInstanceId = e.GetString("ParentInstanceId"),
            OutboxFrom = e.GetInt32("OutboxFrom") ?? 0,
            OutboxTo = e.GetInt32("OutboxTo") ?? 0,
            Tags = tags is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(tags, EventJson),
            Failure = failure is null ? null : JsonSerializer.Deserialize<FailureDetails>(failure, EventJson),
            Input = await _large.GetAsync(e, "Input", cancellationToken),
            Output = await _large.GetAsync(e, "Output", cancellationToken),
            CustomStatus = await _large.GetAsync(e, "CustomStatus", cancellationToken),
            Reply = await _large.GetAsync(e, "Reply", cancellationToken),
            ETag = e.ETag,
        };
    }
}
