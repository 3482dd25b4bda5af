using Microsoft.Extensions.Logging;

namespace DurableEngine;

/// <summary>The orchestrator's view of its instance: schedule work, wait durably, read replay-safe time.</summary>
/// <remarks>
/// Orchestrator code is replayed from its history every time the instance wakes up, so it must be deterministic:
/// take time from <see cref="CurrentUtcDateTime"/>, ids from <see cref="NewGuid"/>, do I/O only in activities,
/// and await only the tasks this context returns (no <c>Task.Delay</c>, <c>Task.Run</c> or <c>ConfigureAwait(false)</c>).
/// A replay whose calls do not match the history fails the instance with a <see cref="NonDeterministicOrchestrationException"/>.
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The id of this execution (changes with <see cref="ContinueAsNew"/> and restarts).</summary>
    public abstract string ExecutionId { get; }

    /// <summary>The parent instance id when this is a sub-orchestration, otherwise null.</summary>
    public abstract string? ParentInstanceId { get; }

    /// <summary>The time at which the current episode started; the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is re-running steps that already happened.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Schedules an activity and returns its deserialized result.</summary>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity that returns nothing.</summary>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration and returns its output.</summary>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration and waits for it to finish.</summary>
    public Task CallSubOrchestratorAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>A durable timer that completes at <paramref name="fireAt"/> (UTC), even across restarts.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken = default);

    /// <summary>A durable timer that completes after <paramref name="delay"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an event raised to this instance; events raised before the wait are kept for it.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event at most <paramref name="timeout"/>; throws <see cref="TimeoutException"/> when it passes.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    /// <summary>Sets a status value that clients see in <c>customStatus</c>.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Publishes an early reply for a caller that waits on this instance (sync-over-async) while the instance goes on.
    /// The last reply published wins; the output replaces it when the instance completes.
    /// </summary>
    public abstract void PublishReply(object? reply);

    /// <summary>Restarts the instance with a new input and a fresh history once the orchestrator returns.</summary>
    /// <param name="newInput">The next execution's input.</param>
    /// <param name="preserveUnprocessedEvents">Carry events not yet waited for into the next execution.</param>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A new GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>Reads the orchestration input.</summary>
    public abstract T? GetInput<T>();

    /// <summary>A logger that writes only when the code is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);
}
