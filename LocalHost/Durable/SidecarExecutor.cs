using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace LocalHost.Durable;

/// <summary>
/// Hands orchestrator and activity work items to the Durable Task SDK worker over the gRPC sidecar of
/// <c>Microsoft.DurableTask.InProcessTestHost</c> 0.2.3-preview.1 (<see cref="TaskHubGrpcServer"/>), and works around
/// what that preview lacks:
/// <list type="bullet">
/// <item>Its dispatchers have no extended sessions and no activity lock renewal, so the work items come from the Durable
/// Task Framework's own dispatchers (<see cref="TaskHubWorker"/>, as in the Functions host) and only execution goes
/// through the sidecar. Its executor interface is internal: it is bound here by name, once, and checked at start.</item>
/// <item>A sub-orchestration's <c>Tags</c> arrive as a Protobuf <c>MapField</c>, which the Azure Storage provider
/// serializes with its <c>$type</c> and cannot read back, so the child would never start: they are copied into a
/// <see cref="Dictionary{TKey, TValue}"/>.</item>
/// <item>The trace context the worker gives a scheduled activity or sub-orchestration lives on the sidecar's own action
/// types, which the Durable Task Framework's dispatchers do not know: it travels in the action's tags (kept in the history
/// and the message) and is put back on the activity's or child's start, so their spans join the order's trace.</item>
/// <item>A terminated child's failure has no failure details, which the SDK's tracing needs: they are made from its reason.</item>
/// </list>
/// </summary>
internal sealed class SidecarExecutor
{
    private const string ExecutorInterface = "Microsoft.DurableTask.Testing.Sidecar.Dispatcher.ITaskExecutor";
    private const string TraceParentTag = "LocalHost.traceparent";
    private const string TraceStateTag = "LocalHost.tracestate";

    private readonly Func<OrchestrationInstance, IEnumerable<HistoryEvent>, IEnumerable<HistoryEvent>, Task<GrpcOrchestratorExecutionResult>> _orchestrator;
    private readonly Func<OrchestrationInstance, TaskScheduledEvent, Task<ActivityExecutionResult>> _activity;

    public SidecarExecutor(TaskHubGrpcServer server)
    {
        var executor = typeof(TaskHubGrpcServer).Assembly.GetType(ExecutorInterface)
            ?? throw new InvalidOperationException($"{ExecutorInterface} is gone from {typeof(TaskHubGrpcServer).Assembly.GetName()}; this workaround is for 0.2.3-preview.1.");
        _orchestrator = executor.GetMethod("ExecuteOrchestrator")!.CreateDelegate<Func<OrchestrationInstance, IEnumerable<HistoryEvent>, IEnumerable<HistoryEvent>, Task<GrpcOrchestratorExecutionResult>>>(server);
        _activity = executor.GetMethod("ExecuteActivity")!.CreateDelegate<Func<OrchestrationInstance, TaskScheduledEvent, Task<ActivityExecutionResult>>>(server);
    }

    /// <summary>Runs an orchestration episode in the worker: its whole history so far, then the new events.</summary>
    public async Task<OrchestratorExecutionResult> ExecuteOrchestratorAsync(OrchestrationRuntimeState state)
    {
        if (state.ExecutionStartedEvent is { ParentTraceContext: null } started && TraceFrom(started.Tags) is { } parent)
        {
            started.ParentTraceContext = parent;
        }

        // In an extended session the state keeps growing while PastEvents stays as first loaded: everything before the
        // new events is the past.
        var past = state.Events.Take(state.Events.Count - state.NewEvents.Count).Select(WithFailureDetails).ToList();
        var result = await _orchestrator(state.OrchestrationInstance!, past, state.NewEvents.Select(WithFailureDetails).ToList());
        // The sidecar's actions are a lazy projection of the worker's answer: changes must be made to a list of them.
        var actions = result.Actions.ToList();
        result.Actions = actions;
        foreach (var action in actions)
        {
            switch (action)
            {
                case GrpcScheduleTaskOrchestratorAction schedule when schedule.ParentTraceContext is { } trace:
                    schedule.Tags = WithTrace(schedule.Tags, trace);
                    break;
                case GrpcCreateSubOrchestrationAction create when create.ParentTraceContext is { } trace:
                    create.Tags = WithTrace(create.Tags, trace);
                    break;
                case CreateSubOrchestrationAction { Tags: { } tags } create when tags.GetType() != typeof(Dictionary<string, string>):
                    create.Tags = new Dictionary<string, string>(tags);
                    break;
            }
        }

        return result;
    }

    /// <summary>Runs an activity in the worker.</summary>
    public Task<ActivityExecutionResult> ExecuteActivityAsync(OrchestrationInstance instance, TaskScheduledEvent scheduled)
    {
        if (scheduled.ParentTraceContext is null && TraceFrom(scheduled.Tags) is { } parent)
        {
            scheduled.ParentTraceContext = parent;
        }

        return _activity(instance, scheduled);
    }

    // A terminated child's failure reaches its parent without failure details, and the SDK's tracing of that failure
    // reads them unchecked: the worker would fail the parent's every episode from then on.
    private static HistoryEvent WithFailureDetails(HistoryEvent e) =>
        e is SubOrchestrationInstanceFailedEvent { FailureDetails: null } failed
            ? new SubOrchestrationInstanceFailedEvent(
                failed.EventId, failed.TaskScheduledId, failed.Reason, failed.Details,
                new FailureDetails("SubOrchestrationFailed", failed.Reason ?? "The sub-orchestration failed.", failed.Details, null, isNonRetriable: false))
            {
                Timestamp = failed.Timestamp,
                IsPlayed = failed.IsPlayed,
            }
            : e;

    private static Dictionary<string, string> WithTrace(IDictionary<string, string>? tags, DistributedTraceContext trace)
    {
        var copy = tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(tags);
        copy[TraceParentTag] = trace.TraceParent;
        if (!string.IsNullOrEmpty(trace.TraceState))
        {
            copy[TraceStateTag] = trace.TraceState;
        }

        return copy;
    }

    private static DistributedTraceContext? TraceFrom(IDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(TraceParentTag, out var traceParent)
            ? new DistributedTraceContext(traceParent, tags.TryGetValue(TraceStateTag, out var traceState) ? traceState : null)
            : null;
}
