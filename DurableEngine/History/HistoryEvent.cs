using System.Text.Json.Serialization;

namespace DurableEngine.History;

/// <summary>One event of an instance's event-sourced history. Payloads are JSON text.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
[JsonDerivedType(typeof(ExecutionRewound), nameof(ExecutionRewound))]
internal abstract record HistoryEvent
{
    public DateTime Timestamp { get; init; }
}

/// <summary>Starts an episode: the orchestrator's clock for the events that follow.</summary>
internal sealed record OrchestratorStarted : HistoryEvent;

internal sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId, string Name);

internal sealed record ExecutionStarted(string Name, string ExecutionId, string? Input, ParentInstance? Parent) : HistoryEvent;

internal sealed record TaskScheduled(int TaskId, string Name, string? Input, string IdempotencyKey) : HistoryEvent;

internal sealed record TaskCompleted(int TaskScheduledId, string? Result) : HistoryEvent;

internal sealed record TaskFailed(int TaskScheduledId, FailureDetails Failure) : HistoryEvent;

internal sealed record TimerCreated(int TaskId, DateTime FireAt) : HistoryEvent;

internal sealed record TimerFired(int TimerId, DateTime FireAt) : HistoryEvent;

internal sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string? Input) : HistoryEvent;

internal sealed record SubOrchestrationCompleted(int TaskScheduledId, string? Result) : HistoryEvent;

internal sealed record SubOrchestrationFailed(int TaskScheduledId, FailureDetails Failure) : HistoryEvent;

/// <summary>An external event; <paramref name="MessageId"/> recognises a redelivered one.</summary>
internal sealed record EventRaised(string Name, string? Input, string MessageId) : HistoryEvent;

internal sealed record ExecutionSuspended(string? Reason) : HistoryEvent;

internal sealed record ExecutionResumed(string? Reason) : HistoryEvent;

internal sealed record ExecutionTerminated(string? Reason) : HistoryEvent;

internal sealed record ExecutionCompleted(OrchestrationRuntimeStatus Status, string? Result, FailureDetails? Failure) : HistoryEvent;

/// <summary>A request to rewind a failed instance; kept in the rewound history as a marker.</summary>
internal sealed record ExecutionRewound(string? Reason) : HistoryEvent;
