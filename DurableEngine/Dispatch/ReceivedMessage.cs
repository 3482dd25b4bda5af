using Azure.Storage.Queues;

namespace DurableEngine.Dispatch;

/// <summary>A message taken from a queue, with what is needed to delete it or hide it again.</summary>
internal sealed record ReceivedMessage(
    QueueClient Queue,
    string MessageId,
    string PopReceipt,
    long DequeueCount,
    WorkMessage? Message,
    string RawText,
    string? DecodeError,
    string? LargeMessageBlob);
