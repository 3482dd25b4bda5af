using System.Text.Json;
using DurableEngine.History;
using Microsoft.Extensions.Logging;

namespace DurableEngine.Replay;

/// <summary>
/// Replays orchestrator code over a history and reports the new actions and the outcome. Pure: no I/O, no clock,
/// no thread pool; the same history and code always give the same result.
/// </summary>
internal sealed class OrchestrationExecutor(JsonSerializerOptions json, ILoggerFactory loggerFactory)
{
    /// <summary>Replays <paramref name="past"/> then applies <paramref name="newEvents"/>.</summary>
    public ExecutionResult Execute(
        string instanceId,
        ITaskOrchestrator orchestrator,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> newEvents)
    {
        var previous = SynchronizationContext.Current;
        var scheduler = new OrchestrationSynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(scheduler);
        ReplayContext? context = null;
        var lastEventTime = DateTime.MinValue;
        try
        {
            Task<object?>? run = null;
            var suspended = false;
            var deferred = new List<HistoryEvent>();
            var beforeStart = new List<HistoryEvent>();
            var highestRecordedActionId = -1;
            var total = past.Count + newEvents.Count;
            for (var i = 0; i < total; i++)
            {
                var e = i < past.Count ? past[i] : newEvents[i - past.Count];
                lastEventTime = e.Timestamp;
                if (context is not null)
                {
                    context.Replaying = i < past.Count;
                }

                switch (e)
                {
                    case ExecutionStarted started:
                        context = new ReplayContext(started, instanceId, json, loggerFactory)
                        {
                            CurrentUtc = started.Timestamp,
                            Replaying = i < past.Count,
                        };
                        run = Start(orchestrator, context, started.Input);
                        scheduler.Pump();

                        // Events that reached the instance before it started wait for it.
                        foreach (var early in beforeStart)
                        {
                            Apply(context, early);
                            scheduler.Pump();
                        }

                        beforeStart.Clear();
                        break;
                    case OrchestratorStarted:
                        if (context is not null)
                        {
                            context.CurrentUtc = e.Timestamp;
                        }

                        break;
                    case TaskScheduled or TimerCreated or SubOrchestrationCreated:
                        var taskId = ActionId(e);
                        highestRecordedActionId = Math.Max(highestRecordedActionId, taskId);
                        RequireStarted(context).MatchAction(e, taskId);
                        break;
                    case ExecutionSuspended:
                        suspended = true;
                        break;
                    case ExecutionResumed:
                        suspended = false;
                        if (context is not null)
                        {
                            foreach (var held in deferred)
                            {
                                Apply(context, held);
                                scheduler.Pump();
                            }

                            deferred.Clear();
                        }

                        break;
                    case TaskCompleted or TaskFailed or TimerFired or SubOrchestrationCompleted or SubOrchestrationFailed or EventRaised:
                        if (context is null)
                        {
                            beforeStart.Add(e);
                        }
                        else if (suspended)
                        {
                            deferred.Add(e);
                        }
                        else
                        {
                            Apply(RequireStarted(context), e);
                        }

                        break;
                }

                scheduler.Pump();
            }

            var ctx = RequireStarted(context);
            ctx.Replaying = false;
            scheduler.Pump();

            if (ctx.LowestPendingActionId <= highestRecordedActionId)
            {
                throw new NonDeterministicOrchestrationException(
                    $"The orchestrator code scheduled task {ctx.LowestPendingActionId}, which the history does not have, " +
                    $"before task {highestRecordedActionId}, which it does. Was the orchestrator changed while instances were in flight?");
            }

            var actions = ctx.PendingActions.ToList();
            ExecutionCompleted? completion = null;
            ContinueAsNewRequest? continueAsNew = null;
            if (run!.IsCompleted)
            {
                if (run.IsFaulted || run.IsCanceled)
                {
                    var error = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was cancelled.");
                    if (error is NonDeterministicOrchestrationException)
                    {
                        throw error;
                    }

                    completion = new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(error));
                }
                else if (ctx.ContinueAsNewRequested)
                {
                    continueAsNew = new ContinueAsNewRequest(
                        ctx.ContinueAsNewInput,
                        ctx.PreserveUnprocessedEvents ? [.. ctx.UnprocessedEvents, .. deferred.OfType<EventRaised>()] : []);
                }
                else
                {
                    completion = CompletedWith(run.Result);
                }
            }

            return new ExecutionResult(actions, completion, continueAsNew, ctx.CustomStatus, ctx.Reply, suspended);
        }
        catch (NonDeterministicOrchestrationException error)
        {
            var failure = FailureDetails.FromException(error);
            return new ExecutionResult([], new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure), null, context?.CustomStatus, context?.Reply, false);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// The completion for an output; an output that cannot be serialized fails the instance with the reason, rather than
    /// failing every replay (and every delivery of its messages) with the same exception.
    /// </summary>
    private ExecutionCompleted CompletedWith(object? output)
    {
        try
        {
            return new ExecutionCompleted(
                OrchestrationRuntimeStatus.Completed,
                output is null ? null : JsonSerializer.Serialize(output, output.GetType(), json),
                null);
        }
        catch (Exception error)
        {
            var failure = FailureDetails.FromException(new InvalidOperationException(
                $"The orchestrator's output ({output!.GetType().Name}) cannot be serialized: {error.Message}", error));
            return new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure);
        }
    }

    private Task<object?> Start(ITaskOrchestrator orchestrator, ReplayContext context, string? inputJson)
    {
        try
        {
            var input = inputJson is null ? null : JsonSerializer.Deserialize(inputJson, orchestrator.InputType, json);
            return orchestrator.RunAsync(context, input);
        }
        catch (Exception error)
        {
            return Task.FromException<object?>(error);
        }
    }

    private static void Apply(ReplayContext context, HistoryEvent e)
    {
        switch (e)
        {
            case TaskCompleted c:
                context.Complete(c.TaskScheduledId, c.Result);
                break;
            case TaskFailed f:
                context.Fail(f.TaskScheduledId, f.Failure, subOrchestration: false);
                break;
            case TimerFired t:
                context.Complete(t.TimerId, null);
                break;
            case SubOrchestrationCompleted c:
                context.Complete(c.TaskScheduledId, c.Result);
                break;
            case SubOrchestrationFailed f:
                context.Fail(f.TaskScheduledId, f.Failure, subOrchestration: true);
                break;
            case EventRaised r:
                context.Raise(r);
                break;
        }
    }

    private static int ActionId(HistoryEvent e) => e switch
    {
        TaskScheduled t => t.TaskId,
        TimerCreated t => t.TaskId,
        SubOrchestrationCreated s => s.TaskId,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    private static ReplayContext RequireStarted(ReplayContext? context) =>
        context ?? throw new NonDeterministicOrchestrationException("The history has events before its ExecutionStarted event.");
}
