using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace DurableEngine.Storage;

/// <summary>The storage resources of one task hub, all named with the hub's prefix, created on first use.</summary>
internal sealed class TaskHub
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    public TaskHub(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, IOptions<DurableEngineOptions> options)
    {
        var o = options.Value;
        Name = o.TaskHubName;
        var lower = Name.ToLowerInvariant();
        Instances = tables.GetTableClient($"{Name}Instances");
        History = tables.GetTableClient($"{Name}History");
        ControlQueues = Enumerable.Range(0, o.PartitionCount).Select(i => queues.GetQueueClient($"{lower}-control-{i:00}")).ToArray();
        WorkItems = queues.GetQueueClient($"{lower}-workitems");
        Poison = queues.GetQueueClient($"{lower}-poison");
        LargePayloads = blobs.GetBlobContainerClient($"{lower}-largemessages");
    }

    public string Name { get; }

    /// <summary>One row an instance: the queryable projection of its state.</summary>
    public TableClient Instances { get; }

    /// <summary>Partition an instance: its state row (the concurrency token) and its event rows.</summary>
    public TableClient History { get; }

    public IReadOnlyList<QueueClient> ControlQueues { get; }

    public QueueClient WorkItems { get; }

    public QueueClient Poison { get; }

    public BlobContainerClient LargePayloads { get; }

    public QueueClient ControlQueueFor(string instanceId) => ControlQueues[PartitionOf(instanceId, ControlQueues.Count)];

    /// <summary>A stable hash (FNV-1a), so every process maps an instance to the same control queue.</summary>
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        var hash = 2166136261u;
        foreach (var c in instanceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitionCount);
    }

    public async ValueTask EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_created)
            {
                return;
            }

            var work = new List<Task>
            {
                Instances.CreateIfNotExistsAsync(cancellationToken),
                History.CreateIfNotExistsAsync(cancellationToken),
                WorkItems.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                LargePayloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            };
            work.AddRange(ControlQueues.Select(q => (Task)q.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            await Task.WhenAll(work);
            _created = true;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
