using System.Text.Json.Serialization;
using DurableEngine.History;

namespace DurableEngine.Dispatch;

/// <summary>A message on one of the hub's queues.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OrchestrationMessage), "orchestration")]
[JsonDerivedType(typeof(ActivityMessage), "activity")]
[JsonDerivedType(typeof(CompletionNotice), "completion")]
[JsonDerivedType(typeof(LargeMessageReference), "blob")]
internal abstract record WorkMessage;

/// <summary>
/// An event for an instance, on its control queue. <paramref name="ExecutionId"/> is null for events aimed at whatever
/// execution is current (raise, terminate, suspend, resume, rewind).
/// </summary>
internal sealed record OrchestrationMessage(string InstanceId, string? ExecutionId, HistoryEvent Event, string MessageId) : WorkMessage;

/// <summary>A request to run an activity, on the work-item queue.</summary>
internal sealed record ActivityMessage(
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    string IdempotencyKey) : WorkMessage;

/// <summary>Tells completion observers (callbacks) that an instance reached a final status.</summary>
internal sealed record CompletionNotice(string InstanceId, string ExecutionId) : WorkMessage;

/// <summary>Stands in for a message too large for a queue: the message itself is in a blob.</summary>
internal sealed record LargeMessageReference(string BlobName) : WorkMessage;
