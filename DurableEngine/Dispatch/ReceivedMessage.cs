using Azure.Storage.Queues;

namespace DurableEngine.Dispatch;

/// <summary>
/// A message taken from a queue, with what is needed to delete it or hide it again. A message a host delivered (the
/// Functions host's queue trigger) has no pop receipt: the host deletes it when processing succeeds and retries it when
/// processing throws.
/// </summary>
internal sealed record ReceivedMessage(
    QueueClient Queue,
    string MessageId,
    string? PopReceipt,
    long DequeueCount,
    WorkMessage? Message,
    string RawText,
    string? DecodeError,
    string? LargeMessageBlob)
{
    public bool IsHostManaged => PopReceipt is null;
}
