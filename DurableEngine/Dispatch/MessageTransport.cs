using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using DurableEngine.Storage;
using Microsoft.Extensions.Logging;

namespace DurableEngine.Dispatch;

/// <summary>
/// Sends and receives the hub's queue messages as JSON; a message over the queue limit travels in a blob.
/// Sending wakes this process's dispatcher for the target queue, so an idle worker does not wait for its next poll.
/// </summary>
internal sealed partial class MessageTransport(TaskHub hub, DispatcherSignals signals, TimeProvider time, ILogger<MessageTransport> logger)
{
    // Queue messages are limited to 64 KB; keep a margin for the service's own envelope.
    private const int MaxInlineBytes = 60 * 1024;

    // Queue visibility timeouts are limited to 7 days; longer timers are re-armed when they surface.
    internal static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(6);

    // Strict: a message without a field it needs (or with null where none is allowed) is undecodable and goes to the
    // poison queue at once, instead of failing its processor on every delivery.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    public TaskHub Hub => hub;

    public Task SendToInstanceAsync(OrchestrationMessage message, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        SendAsync(hub.ControlQueueFor(message.InstanceId), message, delay, cancellationToken);

    public Task SendActivityAsync(ActivityMessage message, CancellationToken cancellationToken) =>
        SendAsync(hub.WorkItems, message, null, cancellationToken);

    public Task SendCompletionNoticeAsync(CompletionNotice notice, CancellationToken cancellationToken) =>
        SendAsync(hub.WorkItems, notice, null, cancellationToken);

    public async Task SendAsync(QueueClient queue, WorkMessage message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(message, Json);
        if (Encoding.UTF8.GetByteCount(text) > MaxInlineBytes)
        {
            var blobName = $"messages/{Guid.NewGuid():N}.json";
            await hub.LargePayloads.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken);
            text = JsonSerializer.Serialize<WorkMessage>(new LargeMessageReference(blobName), Json);
        }

        // The queue counts visibility in whole seconds and drops the fraction; round up, so a delayed message
        // (a timer) never surfaces before its time.
        var visibility = delay is { } d && d > TimeSpan.Zero
            ? (d > MaxVisibilityDelay ? MaxVisibilityDelay : TimeSpan.FromSeconds(Math.Ceiling(d.TotalSeconds)))
            : (TimeSpan?)null;
        await queue.SendMessageAsync(text, visibility, NeverExpire, cancellationToken);
        if (visibility is null)
        {
            signals.Wake(queue.Name);
        }
        else
        {
            signals.WakeLater(queue.Name, visibility.Value, time);
        }
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(QueueClient queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var response = await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken);
        var received = new List<ReceivedMessage>(response.Value.Length);
        foreach (var m in response.Value)
        {
            received.Add(await DecodeAsync(queue, m.MessageId, m.PopReceipt, m.DequeueCount, m.Body.ToString(), cancellationToken));
        }

        return received;
    }

    /// <summary>Decodes a message handed over by a host (queue trigger) rather than received by this process.</summary>
    public Task<ReceivedMessage> DecodeAsync(QueueClient queue, string messageId, string? popReceipt, long dequeueCount, string text, CancellationToken cancellationToken) =>
        DecodeCoreAsync(queue, messageId, popReceipt, dequeueCount, text, cancellationToken);

    public async Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        await DeleteFromQueueAsync(message, cancellationToken);

        if (message.LargeMessageBlob is { } blob)
        {
            await hub.LargePayloads.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Makes a message visible again after <paramref name="delay"/>; returns the new pop receipt, or null if it is gone.</summary>
    public async Task<string?> HideAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (message.IsHostManaged)
        {
            return null;
        }

        try
        {
            var response = await message.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
            if (delay <= TimeSpan.Zero)
            {
                signals.Wake(message.Queue.Name);
            }

            return response.Value.PopReceipt;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return null;
        }
    }

    /// <summary>Moves a message to the poison queue with the reason, and deletes it from its queue.</summary>
    public async Task PoisonAsync(ReceivedMessage message, string reason, CancellationToken cancellationToken)
    {
        LogPoison(logger, message.Queue.Name, message.MessageId, message.DequeueCount, reason);
        var record = JsonSerializer.Serialize(new PoisonRecord(message.Queue.Name, message.MessageId, message.DequeueCount, reason, time.GetUtcNow(), message.RawText), Json);
        if (Encoding.UTF8.GetByteCount(record) > MaxInlineBytes)
        {
            record = JsonSerializer.Serialize(new PoisonRecord(message.Queue.Name, message.MessageId, message.DequeueCount, reason, time.GetUtcNow(), "(too large to keep)"), Json);
        }

        await hub.Poison.SendMessageAsync(record, null, NeverExpire, cancellationToken);
        await DeleteFromQueueAsync(message, cancellationToken);
    }

    private static async Task DeleteFromQueueAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message.IsHostManaged)
        {
            return;
        }

        try
        {
            await message.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Already deleted, or its visibility lapsed and another worker has it: that worker will drop the duplicate.
        }
    }

    private async Task<ReceivedMessage> DecodeCoreAsync(QueueClient queue, string messageId, string? popReceipt, long dequeueCount, string text, CancellationToken cancellationToken)
    {
        try
        {
            var message = JsonSerializer.Deserialize<WorkMessage>(text, Json);
            string? blob = null;
            if (message is LargeMessageReference reference)
            {
                blob = reference.BlobName;
                var content = await hub.LargePayloads.GetBlobClient(blob).DownloadContentAsync(cancellationToken);
                message = JsonSerializer.Deserialize<WorkMessage>(content.Value.Content.ToString(), Json);
            }

            var invalid = message switch
            {
                null or LargeMessageReference => "The message is empty or a reference to a reference.",
                OrchestrationMessage { InstanceId: var id } when !IsStorableKey(id) => "The message names an instance id that storage cannot hold.",
                ActivityMessage { InstanceId: var id } when !IsStorableKey(id) => "The message names an instance id that storage cannot hold.",
                _ => null,
            };
            return invalid is null
                ? new ReceivedMessage(queue, messageId, popReceipt, dequeueCount, message, text, null, blob)
                : new ReceivedMessage(queue, messageId, popReceipt, dequeueCount, null, text, invalid, blob);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or RequestFailedException)
        {
            return new ReceivedMessage(queue, messageId, popReceipt, dequeueCount, null, text, $"The message cannot be decoded: {e.Message}", null);
        }
    }

    /// <summary>What a table key can hold (at most 1 KiB; no '/', '\\', '#', '?' or control characters), so a message naming another id fails here, once.</summary>
    private static bool IsStorableKey(string id) =>
        id.Length is > 0 and <= 512 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} from {Queue} moved to the poison queue after {DequeueCount} deliveries: {Reason}")]
    private static partial void LogPoison(ILogger logger, string queue, string messageId, long dequeueCount, string reason);

    private sealed record PoisonRecord(string Queue, string MessageId, long DequeueCount, string Reason, DateTimeOffset PoisonedAt, string Message);
}
