using System.Collections.Concurrent;
using DurableEngine.History;
using DurableEngine.Replay;
using DurableEngine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DurableEngine.Dispatch;

/// <summary>
/// Advances one instance with a batch of its messages: load state and history, drop duplicates, replay the orchestrator,
/// commit the new events conditionally on the state's ETag, then send what the new events call for and delete the messages.
/// A lost race (another worker committed first) leaves the messages to come back; nothing is applied twice.
/// </summary>
internal sealed partial class OrchestrationProcessor
{
    private const int MaxContinueAsNewPerEpisode = 100;
    private const int MaxCachedInstances = 10_000;
    private const int MaxConflictRetries = 3;

    private readonly InstanceStore _store;
    private readonly MessageTransport _transport;
    private readonly OrchestrationRegistry _registry;
    private readonly InstanceChangeNotifier _notifier;
    private readonly IServiceProvider _services;
    private readonly DurableEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestrationExecutor _executor;
    private readonly Outbox _outbox;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly ConcurrentDictionary<string, CachedHistory> _cache = new(StringComparer.Ordinal);

    public OrchestrationProcessor(
        InstanceStore store,
        MessageTransport transport,
        OrchestrationRegistry registry,
        InstanceChangeNotifier notifier,
        IServiceProvider services,
        IOptions<DurableEngineOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _store = store;
        _transport = transport;
        _registry = registry;
        _notifier = notifier;
        _services = services;
        _options = options.Value;
        _time = time;
        _logger = loggerFactory.CreateLogger<OrchestrationProcessor>();
        _executor = new OrchestrationExecutor(_options.SerializerOptions, loggerFactory);
        _outbox = new Outbox(transport, services.GetServices<IOrchestrationCompletionObserver>().Any(), time);
    }

    /// <summary>Processes the messages of one instance. Returns false if another worker got there first (the messages come back).</summary>
    public async Task<bool> ProcessAsync(string instanceId, IReadOnlyList<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        var gate = _locks[TaskHub.PartitionOf(instanceId, _locks.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            // A lost race is retried here, on the state the winner stored: handing the messages back to the queue would count
            // a delivery against them each time, and enough lost races would poison messages that never failed.
            for (var attempt = 1; ; attempt++)
            {
                if (await ProcessLockedAsync(instanceId, messages, cancellationToken))
                {
                    return true;
                }

                _cache.TryRemove(instanceId, out _);
                LogConflict(_logger, instanceId);
                if (attempt == MaxConflictRetries)
                {
                    break;
                }
            }

            foreach (var m in messages)
            {
                await _transport.HideAsync(m, TimeSpan.FromMilliseconds(Random.Shared.Next(50, 500)), cancellationToken);
            }

            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> ProcessLockedAsync(string instanceId, IReadOnlyList<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var overLimit = messages.Where(m => m.DequeueCount > _options.MaxDequeueCount).ToList();
        var incoming = messages.Except(overLimit).Select(m => (OrchestrationMessage)m.Message!).ToList();

        // The state this process committed last is used as is: if another worker moved the instance since, the commit's
        // ETag check fails and the work is redone on a fresh read. Only decisions that commit nothing re-check first.
        var fromCache = _cache.TryGetValue(instanceId, out var cached);
        var state = fromCache ? cached!.State : await _store.ReadStateAsync(instanceId, cancellationToken);
        if (state is null)
        {
            state = await CreateFromStartAsync(instanceId, incoming, now, cancellationToken);
            if (state is null)
            {
                LogUnknownInstance(_logger, instanceId, messages.Count);
                await DeleteAllAsync(messages, cancellationToken);
                return true;
            }
        }

        var history = await LoadHistoryAsync(state, cancellationToken);
        if (state.HasUnsentOutbox && !IsOutboxSentByUs(state))
        {
            // The last commit's follow-up (its messages and its projection) may not have happened: redo both.
            await _outbox.SendAsync(state, history, state.OutboxFrom, state.OutboxTo, cancellationToken);
            await _store.ProjectAsync(state, cancellationToken);
            state = await _store.UpdateStateAsync(state with { OutboxFrom = state.OutboxTo }, cancellationToken);
            if (state is null)
            {
                return false;
            }

            Remember(state, history, outboxSent: true);
        }

        if (state.Status == OrchestrationRuntimeStatus.Failed && incoming.Any(m => m.Event is ExecutionRewound))
        {
            if (!await RewindAsync(state, history, incoming, now, cancellationToken))
            {
                return false;
            }

            await FinishAsync(messages, overLimit, cancellationToken);
            return true;
        }

        var (accepted, restart, poisoned) = await AcceptAsync(state, history, messages, now, cancellationToken);
        if (restart is not null)
        {
            // A parent starts a child whose id holds a finished instance from an earlier run: a fresh execution.
            var fresh = state with
            {
                ExecutionId = restart.ExecutionId,
                Generation = InstanceState.NewId(),
                EventCount = 0,
                Status = OrchestrationRuntimeStatus.Pending,
                Input = restart.Input,
                Output = null,
                Failure = null,
                CustomStatus = null,
                Reply = null,
                ParentInstanceId = restart.Parent?.InstanceId,
                CreatedTime = now,
            };
            if (await CommitAsync(state, fresh, [], [new OrchestratorStarted { Timestamp = now }, restart], replaceHistory: true, cancellationToken) is null)
            {
                return false;
            }

            await FinishAsync(messages, poisoned, cancellationToken);
            return true;
        }

        if (poisoned.Count > 0 && !state.Status.IsTerminal())
        {
            var reason = string.Join("; ", poisoned.Select(p => $"message {p.MessageId} failed {p.DequeueCount} deliveries"));
            accepted = [new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, new FailureDetails("PoisonMessage", $"The instance failed because a message could not be processed: {reason}. It can be rewound.")) { Timestamp = now }];
        }

        if (accepted.Count == 0)
        {
            if (fromCache)
            {
                // Dropping messages on the word of a cached state could lose them if another worker rewound or restarted
                // the instance meanwhile; decide again on what storage says.
                _cache.TryRemove(instanceId, out _);
                return false;
            }

            await FinishAsync(messages, poisoned, cancellationToken);
            return true;
        }

        var newEvents = new List<HistoryEvent>(accepted.Count + 4) { new OrchestratorStarted { Timestamp = now } };
        InstanceState next;
        if (accepted.OfType<ExecutionTerminated>().FirstOrDefault() is { } terminated)
        {
            newEvents.Add(terminated);
            newEvents.Add(new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, Quote(terminated.Reason), null) { Timestamp = now });
            next = state with { Status = OrchestrationRuntimeStatus.Terminated, Output = Quote(terminated.Reason), LastUpdatedTime = now };
        }
        else if (accepted.OfType<ExecutionCompleted>().FirstOrDefault() is { } poison)
        {
            newEvents.Add(poison);
            next = state with { Status = OrchestrationRuntimeStatus.Failed, Failure = poison.Failure, LastUpdatedTime = now };
        }
        else
        {
            newEvents.AddRange(accepted.OrderBy(e => e is ExecutionStarted ? 0 : 1));
            var replayed = Replay(state, history, newEvents, now);
            if (replayed.ContinueAsNew is not null)
            {
                return await ContinueAsNewAsync(state, replayed, now, messages, poisoned, cancellationToken);
            }

            newEvents.AddRange(replayed.Result.NewActions);
            next = Advance(state, replayed.Result, history.Count > 0 || accepted.Any(e => e is ExecutionStarted), now);
            if (replayed.Result.Completion is { } completion)
            {
                newEvents.Add(completion with { Timestamp = now });
            }
        }

        if (await CommitAsync(state, next, history, newEvents, replaceHistory: false, cancellationToken) is null)
        {
            return false;
        }

        await FinishAsync(messages, poisoned, cancellationToken);
        return true;
    }

    /// <summary>
    /// Sorts incoming events into those to append and those to drop (duplicates, stale, or too late). A message past the
    /// delivery limit whose event would be appended is returned as poisoned instead; one that would be dropped anyway
    /// (a redelivered duplicate, say) is only dropped, as it cannot be what keeps failing the instance.
    /// </summary>
    private async Task<(List<HistoryEvent> Accepted, ExecutionStarted? Restart, List<ReceivedMessage> Poisoned)> AcceptAsync(
        InstanceState state, List<HistoryEvent> history, IReadOnlyList<ReceivedMessage> messages, DateTime now, CancellationToken cancellationToken)
    {
        var seen = HistoryIndex.Of(history);
        var accepted = new List<HistoryEvent>();
        var poisoned = new List<ReceivedMessage>();
        var terminal = state.Status.IsTerminal();
        foreach (var received in messages)
        {
            var message = (OrchestrationMessage)received.Message!;
            var acceptedBefore = accepted.Count;
            var e = message.Event;
            switch (e)
            {
                case ExecutionStarted started:
                    if (!seen.Started && state.ExecutionId == started.ExecutionId && state.Status == OrchestrationRuntimeStatus.Pending)
                    {
                        seen.Started = true;
                        accepted.Add(started with { Timestamp = now });
                    }
                    else if (terminal && state.ExecutionId != started.ExecutionId && started.Parent is not null)
                    {
                        return ([], started, []);
                    }
                    else if (!terminal && state.ExecutionId != started.ExecutionId && started.Parent is { } parent)
                    {
                        var failure = new FailureDetails("InstanceIdInUse", $"The instance id '{state.InstanceId}' is in use by a {state.Status.ToString().ToLowerInvariant()} instance.");
                        await _transport.SendToInstanceAsync(
                            new OrchestrationMessage(parent.InstanceId, parent.ExecutionId, new SubOrchestrationFailed(parent.TaskId, failure) { Timestamp = now }, $"child-in-use-{started.ExecutionId}"),
                            cancellationToken);
                    }

                    break;
                case ExecutionTerminated or ExecutionSuspended or ExecutionResumed or EventRaised when terminal:
                case ExecutionRewound:
                    break;
                case ExecutionTerminated:
                    accepted.Add(e with { Timestamp = now });
                    break;
                case ExecutionSuspended when state.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending && !seen.SuspendRequested:
                    seen.SuspendRequested = true;
                    accepted.Add(e with { Timestamp = now });
                    break;
                case ExecutionResumed when (state.Status == OrchestrationRuntimeStatus.Suspended || seen.SuspendRequested) && !seen.ResumeRequested:
                    seen.ResumeRequested = true;
                    accepted.Add(e with { Timestamp = now });
                    break;
                case EventRaised raised when seen.EventIds.Add(raised.MessageId):
                    accepted.Add(raised with { Timestamp = now });
                    break;
                case TimerFired fired when message.ExecutionId == state.ExecutionId && !terminal && !seen.Answered.Contains(fired.TimerId):
                    if (fired.FireAt > now)
                    {
                        // Not due yet (the queue's visibility limit cut the delay short, or clocks differ): arm it again for the rest.
                        await _transport.SendToInstanceAsync(message, cancellationToken, fired.FireAt - now);
                        break;
                    }

                    seen.Answered.Add(fired.TimerId);
                    accepted.Add(fired with { Timestamp = now });
                    break;
                case TaskCompleted or TaskFailed or SubOrchestrationCompleted or SubOrchestrationFailed
                    when message.ExecutionId == state.ExecutionId && !terminal && seen.Answered.Add(HistoryIndex.AnsweredId(e)):
                    accepted.Add(e with { Timestamp = now });
                    break;
            }

            if (accepted.Count > acceptedBefore && received.DequeueCount > _options.MaxDequeueCount)
            {
                accepted.RemoveRange(acceptedBefore, accepted.Count - acceptedBefore);
                poisoned.Add(received);
            }
        }

        return (accepted, null, poisoned);
    }

    private (ExecutionResult Result, ContinueAsNewRequest? ContinueAsNew) Replay(InstanceState state, List<HistoryEvent> history, List<HistoryEvent> newEvents, DateTime now)
    {
        var hasStarted = history.Concat(newEvents).Any(e => e is ExecutionStarted);
        if (!hasStarted)
        {
            // Events that arrived before the start message: keep them; the orchestrator sees them once it starts.
            return (new ExecutionResult([], null, null, state.CustomStatus, state.Reply, newEvents.Any(e => e is ExecutionSuspended)), null);
        }

        using var scope = _services.CreateScope();
        var orchestrator = _registry.CreateOrchestrator(state.Name, scope.ServiceProvider);
        if (orchestrator is null)
        {
            var failure = new FailureDetails("OrchestratorNotFound", $"No orchestrator named '{state.Name}' is registered in this app.");
            return (new ExecutionResult([], new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure) { Timestamp = now }, null, null, null, false), null);
        }

        var result = _executor.Execute(state.InstanceId, orchestrator, history, newEvents);
        if (result.Completion is { Status: OrchestrationRuntimeStatus.Failed, Failure: { } f })
        {
            LogFailed(_logger, state.InstanceId, state.Name, f.ToString());
        }

        return (result, result.ContinueAsNew);
    }

    private static InstanceState Advance(InstanceState state, ExecutionResult result, bool started, DateTime now)
    {
        var status = result.Completion?.Status
            ?? (result.Suspended ? OrchestrationRuntimeStatus.Suspended : started ? OrchestrationRuntimeStatus.Running : OrchestrationRuntimeStatus.Pending);
        return state with
        {
            Status = status,
            Output = result.Completion?.Status == OrchestrationRuntimeStatus.Completed ? result.Completion.Result : state.Output,
            Failure = result.Completion?.Failure,
            CustomStatus = result.CustomStatus,
            Reply = result.Reply ?? state.Reply,
            LastUpdatedTime = now,
        };
    }

    private async Task<bool> ContinueAsNewAsync(
        InstanceState state, (ExecutionResult Result, ContinueAsNewRequest? ContinueAsNew) replayed, DateTime now,
        IReadOnlyList<ReceivedMessage> messages, List<ReceivedMessage> poisoned, CancellationToken cancellationToken)
    {
        var parent = (await LoadHistoryAsync(state, cancellationToken)).OfType<ExecutionStarted>().FirstOrDefault()?.Parent;
        var request = replayed.ContinueAsNew!;
        List<HistoryEvent> events;
        ExecutionResult result;
        string executionId;
        var rounds = 0;
        do
        {
            executionId = InstanceState.NewId();
            events =
            [
                new OrchestratorStarted { Timestamp = now },
                new ExecutionStarted(state.Name, executionId, request.Input, parent) { Timestamp = now },
                .. request.CarriedEvents,
            ];
            (result, var again) = Replay(state with { ExecutionId = executionId }, [], events, now);
            request = again!;
        }
        while (request is not null && ++rounds < MaxContinueAsNewPerEpisode);

        events.AddRange(result.NewActions);
        var next = Advance(state with { ExecutionId = executionId, Generation = InstanceState.NewId(), Input = events.OfType<ExecutionStarted>().First().Input }, result, started: true, now);
        if (request is not null)
        {
            var failure = new FailureDetails("ContinueAsNewLoop", $"The orchestrator continued as new {MaxContinueAsNewPerEpisode} times without waiting for anything.");
            result = result with { Completion = new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure) };
            next = next with { Status = OrchestrationRuntimeStatus.Failed, Failure = failure };
        }

        if (result.Completion is { } completion)
        {
            events.Add(completion with { Timestamp = now });
        }

        if (await CommitAsync(state, next, [], events, replaceHistory: true, cancellationToken) is null)
        {
            return false;
        }

        await FinishAsync(messages, poisoned, cancellationToken);
        return true;
    }

    /// <summary>
    /// Rewinds a failed instance: the history is cut just before its earliest failure that was not retried, so the failed
    /// calls run again (with their original idempotency keys) and everything after them replays anew. Calls made before
    /// the cut that succeeded after it (a fan-out's other branches) keep their results and do not run again.
    /// </summary>
    private async Task<bool> RewindAsync(InstanceState state, List<HistoryEvent> history, List<OrchestrationMessage> incoming, DateTime now, CancellationToken cancellationToken)
    {
        var cut = RewindPoint(history);
        var kept = history.Take(cut).ToList();
        var removed = history.Skip(cut).ToList();
        var madeBeforeCut = kept.Where(e => e is TaskScheduled or TimerCreated or SubOrchestrationCreated).Select(ActionId).ToHashSet();
        var carried = removed
            .Where(e => e is EventRaised
                || (e is TaskCompleted or TimerFired or SubOrchestrationCompleted && madeBeforeCut.Contains(HistoryIndex.AnsweredId(e))))
            .ToList();
        var reason = incoming.Select(m => m.Event).OfType<ExecutionRewound>().First();
        var newEvents = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now }, reason with { Timestamp = now } };
        newEvents.AddRange(carried);

        var (result, _) = Replay(state, kept, newEvents, now);
        var events = kept.Concat(newEvents).Concat(result.NewActions).ToList();
        var next = Advance(state with { Generation = InstanceState.NewId(), Failure = null, Output = null }, result, started: true, now);
        if (result.Completion is { } completion)
        {
            events.Add(completion with { Timestamp = now });
        }

        if (await CommitAsync(state, next, [], events, replaceHistory: true, cancellationToken) is null)
        {
            return false;
        }

        // Failed children are rewound too; when they finish they answer this instance again.
        foreach (var failedChild in removed.OfType<SubOrchestrationFailed>())
        {
            var created = kept.OfType<SubOrchestrationCreated>().FirstOrDefault(s => s.TaskId == failedChild.TaskScheduledId);
            if (created is not null)
            {
                await _transport.SendToInstanceAsync(new OrchestrationMessage(created.InstanceId, null, new ExecutionRewound(reason.Reason) { Timestamp = now }, Guid.NewGuid().ToString("N")), cancellationToken);
            }
        }

        return true;
    }

    private static int ActionId(HistoryEvent e) => e switch
    {
        TaskScheduled t => t.TaskId,
        TimerCreated t => t.TaskId,
        SubOrchestrationCreated s => s.TaskId,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    internal static int RewindPoint(IReadOnlyList<HistoryEvent> history)
    {
        var keyOfTask = new Dictionary<int, string>();
        var cut = history.Count;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            switch (history[i])
            {
                case TaskScheduled t:
                    keyOfTask[t.TaskId] = t.IdempotencyKey;
                    break;
                case ExecutionCompleted:
                    cut = i;
                    break;
            }
        }

        // A failure is "retried" when a later attempt with the same idempotency key was scheduled.
        var lastScheduledAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] is TaskScheduled t)
            {
                lastScheduledAt[t.IdempotencyKey] = i;
            }
        }

        for (var i = 0; i < history.Count; i++)
        {
            var unretried = history[i] switch
            {
                TaskFailed f => !keyOfTask.TryGetValue(f.TaskScheduledId, out var key) || lastScheduledAt[key] < i,
                SubOrchestrationFailed => true,
                _ => false,
            };
            if (unretried)
            {
                return Math.Min(i, cut);
            }
        }

        return cut;
    }

    private async Task<InstanceState?> CreateFromStartAsync(string instanceId, List<OrchestrationMessage> incoming, DateTime now, CancellationToken cancellationToken)
    {
        if (incoming.Select(m => m.Event).OfType<ExecutionStarted>().FirstOrDefault() is not { } start)
        {
            return null;
        }

        var state = new InstanceState
        {
            InstanceId = instanceId,
            Name = start.Name,
            ExecutionId = start.ExecutionId,
            Generation = InstanceState.NewId(),
            Status = OrchestrationRuntimeStatus.Pending,
            Input = start.Input,
            CreatedTime = now,
            LastUpdatedTime = now,
            ParentInstanceId = start.Parent?.InstanceId,
        };
        await _store.TryCreateAsync(state, cancellationToken);
        return await _store.ReadStateAsync(instanceId, cancellationToken);
    }

    /// <summary>Commits new events (or a whole new history), sends their messages, projects the state and wakes waiters.</summary>
    private async Task<InstanceState?> CommitAsync(
        InstanceState state, InstanceState next, List<HistoryEvent> history, List<HistoryEvent> newEvents, bool replaceHistory, CancellationToken cancellationToken)
    {
        List<HistoryEvent> all;
        InstanceState? committed;
        if (replaceHistory)
        {
            all = newEvents;
            committed = await _store.ReplaceHistoryAsync(state, next with { OutboxFrom = 0, OutboxTo = newEvents.Count }, newEvents, cancellationToken);
        }
        else
        {
            all = [.. history, .. newEvents];
            committed = await _store.AppendAsync(state, next with { OutboxFrom = state.EventCount, OutboxTo = state.EventCount + newEvents.Count }, newEvents, cancellationToken);
        }

        if (committed is null)
        {
            return null;
        }

        Remember(committed, all, outboxSent: false);
        await _outbox.SendAsync(committed, all, committed.OutboxFrom, committed.OutboxTo, cancellationToken);
        var changesWhatQueriesSee = replaceHistory || state.EventCount == 0 || committed.Status != state.Status
            || committed.CustomStatus != state.CustomStatus || committed.Reply != state.Reply;

        // Projected before the outbox is cleared, so a crash or a storage error in between leaves the outbox marked unsent,
        // and whoever processes the instance next projects it again (see ProcessLockedAsync). Projected after, a failed
        // write would leave the instances table (what queries read) behind for good once the instance had finished.
        if (changesWhatQueriesSee)
        {
            await _store.ProjectAsync(committed, cancellationToken);
        }

        var cleared = await _store.UpdateStateAsync(committed with { OutboxFrom = committed.OutboxTo }, cancellationToken);
        if (cleared is not null)
        {
            committed = cleared;
            Remember(committed, all, outboxSent: true);
        }
        else
        {
            _cache.TryRemove(state.InstanceId, out _);
        }

        _notifier.Changed(state.InstanceId);
        if (committed.Status.IsTerminal())
        {
            _cache.TryRemove(state.InstanceId, out _);
        }

        return committed;
    }

    private async Task FinishAsync(IReadOnlyList<ReceivedMessage> messages, List<ReceivedMessage> poisoned, CancellationToken cancellationToken)
    {
        foreach (var p in poisoned)
        {
            await _transport.PoisonAsync(p, $"Failed {p.DequeueCount} deliveries (limit {_options.MaxDequeueCount}).", cancellationToken);
        }

        await DeleteAllAsync(messages.Except(poisoned), cancellationToken);
    }

    private async Task DeleteAllAsync(IEnumerable<ReceivedMessage> messages, CancellationToken cancellationToken) =>
        await Task.WhenAll(messages.Select(m => _transport.DeleteAsync(m, cancellationToken)));

    private async Task<List<HistoryEvent>> LoadHistoryAsync(InstanceState state, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(state.InstanceId, out var cached) && cached.ETag == state.ETag)
        {
            return [.. cached.Events];
        }

        return await _store.ReadHistoryAsync(state, cancellationToken);
    }

    private bool IsOutboxSentByUs(InstanceState state) =>
        _cache.TryGetValue(state.InstanceId, out var cached) && cached.ETag == state.ETag && cached.OutboxSent;

    private void Remember(InstanceState state, List<HistoryEvent> events, bool outboxSent)
    {
        if (_cache.Count > MaxCachedInstances)
        {
            _cache.Clear();
        }

        _cache[state.InstanceId] = new CachedHistory(state, [.. events], outboxSent);
    }

    private static string? Quote(string? reason) => reason is null ? null : System.Text.Json.JsonSerializer.Serialize(reason);

    private sealed record CachedHistory(InstanceState State, IReadOnlyList<HistoryEvent> Events, bool OutboxSent)
    {
        public Azure.ETag ETag => State.ETag;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Instance {InstanceId} was changed by another worker; its messages will be retried.")]
    private static partial void LogConflict(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} message(s) for unknown instance {InstanceId}.")]
    private static partial void LogUnknownInstance(ILogger logger, string instanceId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} ({Name}) failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string instanceId, string name, string failure);
}
