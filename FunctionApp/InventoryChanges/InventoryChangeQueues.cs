using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// The queue of inventory changes (one plain-JSON message per change) and its poison queue (<c>{queue}-poison</c>),
/// both created on first use.
/// </summary>
internal sealed class InventoryChangeQueues
{
    private const int Parallelism = 32;
    /// <summary>The most messages one receive or peek takes (the queue service's limit).</summary>
    public const int ReceiveLimit = 32;

    /// <summary>How long poison entries stay hidden while a replay handles them.</summary>
    private static readonly TimeSpan ReplayLease = TimeSpan.FromMinutes(1);

    private readonly QueueClient _changes;
    private readonly QueueClient _poison;
    private Task? _creation;

    public InventoryChangeQueues(QueueServiceClient service, IOptions<InventoryChangeOptions> options)
    {
        _changes = service.GetQueueClient(options.Value.QueueName);
        _poison = service.GetQueueClient(options.Value.QueueName + "-poison");
    }

    public string QueueName => _changes.Name;

    public string PoisonQueueName => _poison.Name;

    /// <summary>
    /// Puts one message per change on the queue, <see cref="Parallelism"/> at a time. Every send is tried even when one
    /// fails, so the storage failure itself is what is thrown (some changes may be on the queue already).
    /// </summary>
    public async Task EnqueueAsync(IReadOnlyList<InventoryChange> changes, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        using var slots = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(changes.Select(async change =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var (span, message) = InventoryChangeTrace.Send(change, _changes.Name);
                using (span)
                {
                    await _changes.SendMessageAsync(message, cancellationToken);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>How many changes wait, how long the oldest has waited, and how many are poisoned (zeros before first use).</summary>
    public async Task<InventoryQueueDepth> MeasureAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waiting = await CountAsync(_changes, cancellationToken);
        var poisoned = await CountAsync(_poison, cancellationToken);
        TimeSpan oldest = TimeSpan.Zero;
        if (waiting > 0)
        {
            try
            {
                var peeked = (await _changes.PeekMessageAsync(cancellationToken)).Value;
                oldest = peeked?.InsertedOn is { } inserted && inserted < now ? now - inserted : TimeSpan.Zero;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }

        return new InventoryQueueDepth(waiting, oldest, poisoned);
    }

    private static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// The first <paramref name="max"/> poison entries (at most <see cref="ReceiveLimit"/>), read without taking them:
    /// each entry's change or garbage text, why it was given up on and when.
    /// </summary>
    public async Task<IReadOnlyList<PoisonEntry>> PeekPoisonAsync(int max, CancellationToken cancellationToken)
    {
        try
        {
            var peeked = (await _poison.PeekMessagesAsync(Math.Clamp(max, 1, ReceiveLimit), cancellationToken)).Value;
            return peeked.Select(m => PoisonEntry.Read(m.MessageId, m.InsertedOn, m.MessageText)).ToList();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Writes a poison entry: the change given up on and why.</summary>
    public async Task PoisonAsync(PoisonedInventoryChange entry, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _poison.SendMessageAsync(entry.ToMessage(), cancellationToken);
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> poisoned changes back to the main queue (each is sent before its poison entry is
    /// deleted: a crash in between leaves a duplicate, which the ERP's idempotency key absorbs). Entries without a change
    /// stay, visible again at once.
    /// </summary>
    public async Task<PoisonReplay> ReplayAsync(int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var replayed = 0;
        var skipped = new List<QueueMessage>();
        while (replayed + skipped.Count < max)
        {
            var received = (await _poison.ReceiveMessagesAsync(
                Math.Min(ReceiveLimit, max - replayed - skipped.Count), ReplayLease, cancellationToken)).Value;
            if (received.Length == 0)
            {
                break;
            }

            var replayable = new List<(QueueMessage Entry, string Change)>();
            foreach (var entry in received)
            {
                if (ChangeOf(entry.MessageText) is { } change)
                {
                    replayable.Add((entry, change));
                }
                else
                {
                    skipped.Add(entry);
                }
            }

            await Parallel.ForEachAsync(
                replayable,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    await _changes.SendMessageAsync(item.Change, token);
                    await DeleteAsync(_poison, item.Entry, token);
                });
            replayed += replayable.Count;
        }

        foreach (var entry in skipped)
        {
            await _poison.UpdateMessageAsync(entry.MessageId, entry.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        var properties = await _poison.GetPropertiesAsync(cancellationToken);
        return new PoisonReplay(replayed, skipped.Count, properties.Value.ApproximateMessagesCount);
    }

    /// <summary>
    /// The change a poison entry holds, as queue message text: its <c>change</c>, or the entry itself when it is a bare
    /// change (a message the Functions host moved after its own <c>maxDequeueCount</c>); null when it holds none.
    /// </summary>
    internal static string? ChangeOf(string entryText)
    {
        string? candidate = entryText;
        try
        {
            using var entry = JsonDocument.Parse(entryText);
            if (entry.RootElement.ValueKind == JsonValueKind.Object && entry.RootElement.TryGetProperty("change", out var change))
            {
                candidate = change.ValueKind == JsonValueKind.Object ? change.GetRawText() : null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return candidate is not null && InventoryChangeValidation.ParseMessage(InventoryChangeTrace.WithoutTrace(candidate)).Change is { } valid ? valid.ToMessage() : null;
    }

    private static async Task DeleteAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted already (or its lease ran out and another replay took it): nothing left to do.
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // A failed creation (storage down) is tried again by the next caller; it is not tied to one caller's token.
            var fresh = Task.WhenAll(_changes.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None), _poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
            var winner = Interlocked.CompareExchange(ref _creation, fresh, current);
            current = ReferenceEquals(winner, current) ? fresh : winner!;
        }

        await current.WaitAsync(cancellationToken);
    }
}
