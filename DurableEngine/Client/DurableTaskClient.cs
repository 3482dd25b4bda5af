using System.Text.Json;
using System.Text.RegularExpressions;
using DurableEngine.Dispatch;
using DurableEngine.History;
using DurableEngine.Storage;
using Microsoft.Extensions.Options;

namespace DurableEngine;

/// <summary>Schedules, reads and manages orchestration instances of the task hub.</summary>
public sealed partial class DurableTaskClient
{
    private static readonly TimeSpan MaxStatusPollInterval = TimeSpan.FromSeconds(1);
    private readonly InstanceStore _store;
    private readonly MessageTransport _transport;
    private readonly InstanceChangeNotifier _notifier;
    private readonly OrchestrationRegistry _registry;
    private readonly DurableEngineOptions _options;
    private readonly TimeProvider _time;

    internal DurableTaskClient(
        InstanceStore store,
        MessageTransport transport,
        InstanceChangeNotifier notifier,
        OrchestrationRegistry registry,
        IOptions<DurableEngineOptions> options,
        TimeProvider time)
    {
        _store = store;
        _transport = transport;
        _notifier = notifier;
        _registry = registry;
        _options = options.Value;
        _time = time;
    }

    /// <summary>
    /// Schedules a new instance. With a caller-chosen id that is taken, throws <see cref="InstanceAlreadyExistsException"/>
    /// (and, if that instance never started, sends its start again, so a crash between scheduling and sending heals on retry).
    /// </summary>
    /// <returns>The instance id.</returns>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        if (!_registry.HasOrchestrator(orchestratorName))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        await _store.Hub.EnsureCreatedAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var state = new InstanceState
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            ExecutionId = InstanceState.NewId(),
            Generation = InstanceState.NewId(),
            Status = OrchestrationRuntimeStatus.Pending,
            Input = Serialize(input),
            CreatedTime = now,
            LastUpdatedTime = now,
            Tags = options?.Tags,
        };
        if (!await _store.TryCreateAsync(state, cancellationToken))
        {
            var existing = await _store.ReadStateAsync(instanceId, cancellationToken);
            if (existing is { Status: OrchestrationRuntimeStatus.Pending, EventCount: 0 })
            {
                await SendStartAsync(existing, cancellationToken);
            }

            throw new InstanceAlreadyExistsException(ToMetadata(existing ?? state));
        }

        await _store.ProjectAsync(state, cancellationToken);
        await SendStartAsync(state, cancellationToken);
        return instanceId;
    }

    /// <summary>Reads an instance's state; null if there is no such instance.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!IsValidInstanceId(instanceId))
        {
            return null;
        }

        await _store.Hub.EnsureCreatedAsync(cancellationToken);
        var state = await _store.ReadStateAsync(instanceId, cancellationToken);
        return state is null ? null : ToMetadata(state);
    }

    /// <summary>Waits until the instance is completed, failed or terminated.</summary>
    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WaitForAsync(instanceId, m => m.IsCompleted, cancellationToken);

    /// <summary>
    /// Waits until the instance has published an early reply or has finished, at most <paramref name="timeout"/>;
    /// returns its state at that moment (check <see cref="OrchestrationMetadata.SerializedReply"/> and the status).
    /// </summary>
    public async Task<OrchestrationMetadata> WaitForReplyAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await WaitForAsync(instanceId, m => m.IsCompleted || m.SerializedReply is not null, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await GetInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        }
    }

    /// <summary>Raises an event to a running, pending or suspended instance.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendControlAsync(instanceId, "raise an event to", s => !s.IsTerminal(), new EventRaised(eventName, Serialize(eventData), Guid.NewGuid().ToString("N")), cancellationToken);
    }

    /// <summary>Terminates an unfinished instance; its output becomes the reason.</summary>
    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, "terminate", s => !s.IsTerminal(), new ExecutionTerminated(reason), cancellationToken);

    /// <summary>Suspends a running instance: events are kept, nothing runs until it is resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, "suspend", s => s is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended, new ExecutionSuspended(reason), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, "resume", s => s is OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending, new ExecutionResumed(reason), cancellationToken);

    /// <summary>Rewinds a failed instance: the failed steps run again and it continues from there.</summary>
    public Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, "rewind", s => s == OrchestrationRuntimeStatus.Failed, new ExecutionRewound(reason), cancellationToken);

    /// <summary>
    /// Starts the instance again from the beginning with its original input: under a new id (default), or under the same id
    /// once it has finished.
    /// </summary>
    /// <returns>The id of the restarted instance.</returns>
    public async Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId = true, CancellationToken cancellationToken = default)
    {
        var state = await RequireAsync(instanceId, cancellationToken);
        if (restartWithNewInstanceId)
        {
            return await ScheduleWithRawInputAsync(state, Guid.NewGuid().ToString("N"), cancellationToken);
        }

        if (!state.Status.IsTerminal())
        {
            throw new InstanceStateException(instanceId, state.Status, "restart under the same id");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var fresh = state with
        {
            ExecutionId = InstanceState.NewId(),
            Generation = InstanceState.NewId(),
            EventCount = 0,
            Status = OrchestrationRuntimeStatus.Pending,
            Output = null,
            CustomStatus = null,
            Reply = null,
            Failure = null,
            CreatedTime = now,
            LastUpdatedTime = now,
            OutboxFrom = 0,
            OutboxTo = 0,
        };
        var stored = await _store.UpdateStateAsync(fresh, cancellationToken)
            ?? throw new InstanceStateException(instanceId, state.Status, "restart (it changed meanwhile)");
        await _store.ProjectAsync(stored, cancellationToken);
        _notifier.Changed(instanceId);
        await SendStartAsync(stored, cancellationToken);
        return instanceId;
    }

    /// <summary>Deletes a finished instance's state, history and payloads. False if there is no such instance.</summary>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await GetStateAsync(instanceId, cancellationToken);
        if (state is null)
        {
            return false;
        }

        if (!state.Status.IsTerminal())
        {
            throw new InstanceStateException(instanceId, state.Status, "purge");
        }

        await _store.PurgeAsync(instanceId, cancellationToken);
        return true;
    }

    /// <summary>Lists instances matching the query, one page at a time.</summary>
    public async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        await _store.Hub.EnsureCreatedAsync(cancellationToken);
        var (page, token) = await _store.QueryAsync(
            new InstanceQuery(query.RuntimeStatus, query.CreatedFrom, query.CreatedTo, query.Name, query.InstanceIdPrefix, query.PageSize, query.ContinuationToken),
            cancellationToken);
        return new OrchestrationQueryPage(page.Select(ToMetadata).ToList(), token);
    }

    /// <summary>The events of the instance's current execution, oldest first.</summary>
    internal async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await RequireAsync(instanceId, cancellationToken);
        return await _store.ReadHistoryAsync(state, cancellationToken);
    }

    internal static OrchestrationMetadata ToMetadata(InstanceState s) => new()
    {
        Name = s.Name,
        InstanceId = s.InstanceId,
        ExecutionId = s.ExecutionId,
        RuntimeStatus = s.Status,
        CreatedAt = s.CreatedTime,
        LastUpdatedAt = s.LastUpdatedTime,
        SerializedInput = s.Input,
        SerializedOutput = s.Output,
        SerializedCustomStatus = s.CustomStatus,
        SerializedReply = s.Reply,
        FailureDetails = s.Failure,
        Tags = s.Tags ?? new Dictionary<string, string>(),
        ParentInstanceId = s.ParentInstanceId,
    };

    /// <summary>True for ids the storage keys can hold: letters, digits and <c>-_.:@</c>, 1 to 100 characters.</summary>
    public static bool IsValidInstanceId(string? instanceId) => instanceId is not null && InstanceIdPattern().IsMatch(instanceId);

    private static void ValidateInstanceId(string instanceId)
    {
        if (!IsValidInstanceId(instanceId))
        {
            throw new ArgumentException("An instance id is 1 to 100 letters, digits or any of - _ . : @", nameof(instanceId));
        }
    }

    private async Task<string> ScheduleWithRawInputAsync(InstanceState state, string newId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var fresh = new InstanceState
        {
            InstanceId = newId,
            Name = state.Name,
            ExecutionId = InstanceState.NewId(),
            Generation = InstanceState.NewId(),
            Status = OrchestrationRuntimeStatus.Pending,
            Input = state.Input,
            CreatedTime = now,
            LastUpdatedTime = now,
            Tags = state.Tags,
        };
        if (!await _store.TryCreateAsync(fresh, cancellationToken))
        {
            throw new InstanceAlreadyExistsException(ToMetadata(fresh));
        }

        await _store.ProjectAsync(fresh, cancellationToken);
        await SendStartAsync(fresh, cancellationToken);
        return newId;
    }

    private Task SendStartAsync(InstanceState state, CancellationToken cancellationToken) =>
        _transport.SendToInstanceAsync(
            new OrchestrationMessage(state.InstanceId, state.ExecutionId, new ExecutionStarted(state.Name, state.ExecutionId, state.Input, null) { Timestamp = state.CreatedTime }, state.ExecutionId),
            cancellationToken);

    private async Task SendControlAsync(string instanceId, string operation, Func<OrchestrationRuntimeStatus, bool> allowed, HistoryEvent e, CancellationToken cancellationToken)
    {
        var state = await RequireAsync(instanceId, cancellationToken);
        if (!allowed(state.Status))
        {
            throw new InstanceStateException(instanceId, state.Status, operation);
        }

        var messageId = e is EventRaised raised ? raised.MessageId : Guid.NewGuid().ToString("N");
        await _transport.SendToInstanceAsync(new OrchestrationMessage(instanceId, null, e with { Timestamp = _time.GetUtcNow().UtcDateTime }, messageId), cancellationToken);
    }

    private async Task<InstanceState> RequireAsync(string instanceId, CancellationToken cancellationToken) =>
        await GetStateAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);

    private async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!IsValidInstanceId(instanceId))
        {
            return null;
        }

        await _store.Hub.EnsureCreatedAsync(cancellationToken);
        return await _store.ReadStateAsync(instanceId, cancellationToken);
    }

    private async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> done, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            // Subscribe before reading, so a change between the read and the wait is not missed.
            var changed = _notifier.NextChangeAsync(instanceId);
            var state = await GetInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
            if (done(state))
            {
                return state;
            }

            await Task.WhenAny(changed, Task.Delay(interval, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxStatusPollInterval.Ticks));
        }
    }

    private string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options.SerializerOptions);

    // \z, not $: $ also matches before a final newline, which storage keys cannot hold.
    [GeneratedRegex(@"^[A-Za-z0-9_.:@-]{1,100}\z")]
    private static partial Regex InstanceIdPattern();
}
