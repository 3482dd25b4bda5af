using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Bench;

/// <summary>What the storage itself sustains here: queue send, receive and delete, and table batch writes, per second.</summary>
internal sealed record StorageCapacity(double QueueSendsPerSecond, double QueueReceiveDeletesPerSecond, double TableBatchesPerSecond, double TableRowsPerSecond, double SmallBatchesPerSecond)
{
    private const int Parallelism = 16;

    public static async Task<StorageCapacity> MeasureAsync(string connectionString, BenchOptions options)
    {
        var queue = new QueueClient(connectionString, "bench-capacity");
        await queue.CreateIfNotExistsAsync();
        var n = options.Messages;

        var sw = Stopwatch.StartNew();
        await ForAsync(n, _ => queue.SendMessageAsync("{\"kind\":\"bench\",\"payload\":\"0123456789abcdef0123456789abcdef\"}"));
        var sends = n / sw.Elapsed.TotalSeconds;

        sw.Restart();
        var received = 0;
        await ForAsync(Parallelism, async _ =>
        {
            while (Volatile.Read(ref received) < n)
            {
                var batch = await queue.ReceiveMessagesAsync(32);
                if (batch.Value.Length == 0)
                {
                    continue;
                }

                Interlocked.Add(ref received, batch.Value.Length);
                await Task.WhenAll(batch.Value.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt)));
            }
        });
        var receiveDeletes = received / sw.Elapsed.TotalSeconds;

        var table = new TableClient(connectionString, "benchcapacity");
        await table.CreateIfNotExistsAsync();
        var batches = Math.Max(1, n / 100);
        sw.Restart();
        await ForAsync(batches, async b =>
        {
            var actions = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity($"p{b}", $"r{i:D4}") { ["Event"] = "{\"type\":\"TaskCompleted\",\"taskScheduledId\":1,\"result\":\"42\"}" }));
            await table.SubmitTransactionAsync(actions);
        });
        var batchesPerSecond = batches / sw.Elapsed.TotalSeconds;

        // The shape of one engine commit: a state row replaced and a few event rows added, in one transaction.
        var small = n / 2;
        sw.Restart();
        await ForAsync(small, async b =>
        {
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, new TableEntity($"s{b}", "~state") { ["EventCount"] = 3 }) };
            actions.AddRange(Enumerable.Range(0, 3).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity($"s{b}", $"g.{i:D8}") { ["Event"] = "{\"type\":\"TaskCompleted\",\"taskScheduledId\":1,\"result\":\"42\"}" })));
            await table.SubmitTransactionAsync(actions);
        });
        var smallPerSecond = small / sw.Elapsed.TotalSeconds;
        return new StorageCapacity(sends, receiveDeletes, batchesPerSecond, batchesPerSecond * 100, smallPerSecond);
    }

    private static async Task ForAsync(int count, Func<int, Task> body)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallelism, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
            }
        }));
    }
}
