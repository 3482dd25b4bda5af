using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DurableEngine.History;
using Microsoft.Extensions.Logging;

namespace DurableEngine.Replay;

/// <summary>
/// The context handed to orchestrator code during one replay. Code calls create numbered actions; the executor
/// matches them against the history and completes their tasks from it.
/// </summary>
internal sealed class ReplayContext : TaskOrchestrationContext
{
    private readonly JsonSerializerOptions _json;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SortedDictionary<int, HistoryEvent> _pendingActions = new();
    private readonly Dictionary<int, OpenTask> _open = new();
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaised> _buffered = new();
    private int _nextTaskId;
    private int _guidCounter;

    public ReplayContext(ExecutionStarted started, string instanceId, JsonSerializerOptions json, ILoggerFactory loggerFactory)
    {
        Name = started.Name;
        InstanceId = instanceId;
        ExecutionId = started.ExecutionId;
        ParentInstanceId = started.Parent?.InstanceId;
        RawInput = started.Input;
        _json = json;
        _loggerFactory = loggerFactory;
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override string ExecutionId { get; }

    public override string? ParentInstanceId { get; }

    public override DateTime CurrentUtcDateTime => CurrentUtc;

    public override bool IsReplaying => Replaying;

    internal DateTime CurrentUtc { get; set; }

    internal bool Replaying { get; set; }

    internal string? RawInput { get; }

    internal string? CustomStatus { get; private set; }

    internal string? Reply { get; private set; }

    internal bool ContinueAsNewRequested { get; private set; }

    internal string? ContinueAsNewInput { get; private set; }

    internal bool PreserveUnprocessedEvents { get; private set; }

    /// <summary>Actions the code created that the history does not have yet, in task-id order.</summary>
    internal IReadOnlyCollection<HistoryEvent> PendingActions => _pendingActions.Values;

    internal int HighestPendingActionId => _pendingActions.Count == 0 ? -1 : _pendingActions.Keys.Max();

    internal int LowestPendingActionId => _pendingActions.Count == 0 ? int.MaxValue : _pendingActions.Keys.Min();

    /// <summary>Events raised that no code has waited for.</summary>
    internal IReadOnlyList<EventRaised> UnprocessedEvents => _buffered;

    public override async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = Serialize(input);
        string? key = null;
        var policy = options?.Retry;
        var firstAttemptAt = CurrentUtc;
        for (var attempt = 1; ; attempt++)
        {
            var id = _nextTaskId++;
            key ??= $"{InstanceId}:{id}";
            var task = Open(id, new TaskScheduled(id, name, inputJson, key) { Timestamp = CurrentUtc }, name);
            try
            {
                return Deserialize<TResult>(await task);
            }
            catch (TaskFailedException failure) when (ShouldRetry(policy, attempt, firstAttemptAt, failure.FailureDetails))
            {
                await CreateTimer(CurrentUtc + policy!.DelayBefore(attempt + 1));
            }
        }
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = Serialize(input);
        var policy = options?.Retry;
        var explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        if (explicitId is not null && !DurableTaskClient.IsValidInstanceId(explicitId))
        {
            throw new ArgumentException($"'{explicitId}' is not a valid instance id: 1 to 100 letters, digits or any of - _ . : @", nameof(options));
        }

        var firstAttemptAt = CurrentUtc;
        for (var attempt = 1; ; attempt++)
        {
            var id = _nextTaskId++;
            var childId = explicitId ?? $"{InstanceId}:{id}";
            var task = Open(id, new SubOrchestrationCreated(id, name, childId, inputJson) { Timestamp = CurrentUtc }, name);
            try
            {
                return Deserialize<TResult>(await task);
            }
            catch (SubOrchestrationFailedException failure) when (ShouldRetry(policy, attempt, firstAttemptAt, failure.FailureDetails))
            {
                await CreateTimer(CurrentUtc + policy!.DelayBefore(attempt + 1));
            }
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken = default)
    {
        var id = _nextTaskId++;
        var fireAtUtc = DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var task = Open(id, new TimerCreated(id, fireAtUtc) { Timestamp = CurrentUtc }, "timer");
        if (!cancellationToken.CanBeCanceled)
        {
            return task;
        }

        // A cancelled timer still fires durably later; its firing is then ignored.
        var tcs = _open[id].Completion;
        cancellationToken.Register(() =>
        {
            _open.Remove(id);
            tcs.TrySetCanceled(cancellationToken);
        });
        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var input = _buffered[buffered].Input;
            _buffered.RemoveAt(buffered);
            return Task.FromResult(Deserialize<T>(input));
        }

        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            _waiters[eventName] = list = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = list.AddLast(tcs);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                }

                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return ConvertAsync<T>(tcs.Task);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var cancelWait = new CancellationTokenSource();
        var eventTask = WaitForExternalEvent<T>(eventName, cancelWait.Token);
        if (eventTask.IsCompleted)
        {
            return await eventTask;
        }

        using var cancelTimer = new CancellationTokenSource();
        var timer = CreateTimer(CurrentUtc + timeout, cancelTimer.Token);
        var winner = await Task.WhenAny(eventTask, timer);

        // Cancel synchronously: CancelAsync would run the callbacks on the thread pool, outside the replay.
        if (winner == eventTask)
        {
            cancelTimer.Cancel();
            return await eventTask;
        }

        cancelWait.Cancel();
        throw new TimeoutException($"Event '{eventName}' did not arrive within {timeout}.");
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = Serialize(customStatus);

    public override void PublishReply(object? reply) => Reply = Serialize(reply) ?? "null";

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        // Name-based (RFC 9562 version 8 layout over SHA-256): the same on every replay, unique per instance, execution and call.
        var name = $"{InstanceId}/{ExecutionId}/{_guidCounter++}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public override T? GetInput<T>() where T : default => Deserialize<T>(RawInput);

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    /// <summary>Checks that the code created the action the history recorded at this task id.</summary>
    internal void MatchAction(HistoryEvent recorded, int taskId)
    {
        if (!_pendingActions.TryGetValue(taskId, out var created))
        {
            throw new NonDeterministicOrchestrationException(
                $"The history has {Describe(recorded)} at task {taskId}, but the orchestrator code did not schedule it. " +
                "Was the orchestrator changed while instances were in flight?");
        }

        var same = (recorded, created) switch
        {
            (TaskScheduled a, TaskScheduled b) => a.Name == b.Name,
            (SubOrchestrationCreated a, SubOrchestrationCreated b) => a.Name == b.Name,
            (TimerCreated, TimerCreated) => true,
            _ => false,
        };
        if (!same)
        {
            throw new NonDeterministicOrchestrationException(
                $"The history has {Describe(recorded)} at task {taskId}, but the orchestrator code now schedules {Describe(created)} there.");
        }

        _pendingActions.Remove(taskId);
    }

    internal void Complete(int taskId, string? result)
    {
        if (_open.Remove(taskId, out var open))
        {
            open.Completion.TrySetResult(result);
        }
    }

    internal void Fail(int taskId, FailureDetails failure, bool subOrchestration)
    {
        if (_open.Remove(taskId, out var open))
        {
            Exception exception = subOrchestration
                ? new SubOrchestrationFailedException(open.Name, open.ChildInstanceId ?? "", failure)
                : new TaskFailedException(open.Name, taskId, failure);
            open.Completion.TrySetException(exception);
        }
    }

    internal void Raise(EventRaised raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
            return;
        }

        _buffered.Add(raised);
    }

    private Task<string?> Open(int id, HistoryEvent action, string name)
    {
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = new OpenTask(name, tcs, (action as SubOrchestrationCreated)?.InstanceId);
        _pendingActions[id] = action;
        return tcs.Task;
    }

    private bool ShouldRetry(RetryPolicy? policy, int attempt, DateTime firstAttemptAt, FailureDetails failure) =>
        policy is not null
        && attempt < policy.MaxNumberOfAttempts
        && (policy.Handle?.Invoke(failure) ?? true)
        && (policy.RetryTimeout == Timeout.InfiniteTimeSpan || CurrentUtc - firstAttemptAt < policy.RetryTimeout);

    private async Task<T> ConvertAsync<T>(Task<string?> raw) => Deserialize<T>(await raw);

    private string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _json);

    private T Deserialize<T>(string? json) =>
        json is null ? default! : JsonSerializer.Deserialize<T>(json, _json)!;

    private static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduled t => $"activity '{t.Name}'",
        SubOrchestrationCreated s => $"sub-orchestration '{s.Name}'",
        TimerCreated => "a timer",
        _ => e.GetType().Name,
    };

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Completion, string? ChildInstanceId);

    private sealed class ReplaySafeLogger(ReplayContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
