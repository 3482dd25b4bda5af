using System.Security.Cryptography;
using System.Text;
using DurableEngine.History;
using DurableEngine.Storage;

namespace DurableEngine.Dispatch;

/// <summary>
/// Derives an instance's outgoing messages from its history and sends them. Messages are never stored on their own:
/// the committed events say what must be sent, so a crash between commit and send is repaired by sending again.
/// </summary>
internal sealed class Outbox(MessageTransport transport, bool notifyCompletion, TimeProvider time)
{
    /// <summary>Sends the messages of events [from, to) whose answer is not in the history yet.</summary>
    public async Task SendAsync(InstanceState state, IReadOnlyList<HistoryEvent> events, int from, int to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return;
        }

        var answered = new HashSet<int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case TaskCompleted c: answered.Add(c.TaskScheduledId); break;
                case TaskFailed f: answered.Add(f.TaskScheduledId); break;
                case TimerFired t: answered.Add(t.TimerId); break;
                case SubOrchestrationCompleted c: answered.Add(c.TaskScheduledId); break;
                case SubOrchestrationFailed f: answered.Add(f.TaskScheduledId); break;
            }
        }

        var started = events.OfType<ExecutionStarted>().FirstOrDefault();
        var sends = new List<Task>();
        for (var i = from; i < Math.Min(to, events.Count); i++)
        {
            switch (events[i])
            {
                case TaskScheduled t when !answered.Contains(t.TaskId):
                    sends.Add(transport.SendActivityAsync(
                        new ActivityMessage(state.InstanceId, state.ExecutionId, t.TaskId, t.Name, t.Input, t.IdempotencyKey), cancellationToken));
                    break;
                case TimerCreated t when !answered.Contains(t.TaskId):
                    sends.Add(transport.SendToInstanceAsync(
                        new OrchestrationMessage(state.InstanceId, state.ExecutionId, new TimerFired(t.TaskId, t.FireAt) { Timestamp = t.FireAt }, $"timer-{t.TaskId}"),
                        cancellationToken,
                        t.FireAt - time.GetUtcNow().UtcDateTime));
                    break;
                case SubOrchestrationCreated s when !answered.Contains(s.TaskId):
                    var parent = new ParentInstance(state.InstanceId, state.ExecutionId, s.TaskId, state.Name);
                    var start = new ExecutionStarted(s.Name, ChildExecutionId(state, s.TaskId), s.Input, parent) { Timestamp = s.Timestamp };
                    sends.Add(transport.SendToInstanceAsync(new OrchestrationMessage(s.InstanceId, start.ExecutionId, start, start.ExecutionId), cancellationToken));
                    break;
                case ExecutionCompleted c:
                    if (started?.Parent is { } p)
                    {
                        sends.Add(transport.SendToInstanceAsync(ToParent(state, p, c), cancellationToken));
                    }

                    if (notifyCompletion)
                    {
                        sends.Add(transport.SendCompletionNoticeAsync(new CompletionNotice(state.InstanceId, state.ExecutionId), cancellationToken));
                    }

                    break;
            }
        }

        await Task.WhenAll(sends);
    }

    /// <summary>A child's execution id that is the same each time the parent's outbox is sent.</summary>
    internal static string ChildExecutionId(InstanceState parent, int taskId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{parent.InstanceId}/{parent.ExecutionId}/{taskId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static OrchestrationMessage ToParent(InstanceState child, ParentInstance parent, ExecutionCompleted completed)
    {
        HistoryEvent e = completed.Status == OrchestrationRuntimeStatus.Completed
            ? new SubOrchestrationCompleted(parent.TaskId, completed.Result)
            : new SubOrchestrationFailed(
                parent.TaskId,
                completed.Failure ?? new FailureDetails("Terminated", $"The sub-orchestration was {completed.Status.ToString().ToLowerInvariant()}: {completed.Result}"));
        return new OrchestrationMessage(parent.InstanceId, parent.ExecutionId, e with { Timestamp = completed.Timestamp }, $"child-{child.InstanceId}-{child.ExecutionId}");
    }
}
