using DurableEngine.History;

namespace DurableEngine.Dispatch;

/// <summary>What a history already holds, to recognise redelivered messages.</summary>
internal sealed class HistoryIndex
{
    public HashSet<int> Answered { get; } = new();

    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

    public bool Started { get; set; }

    public bool SuspendRequested { get; set; }

    public bool ResumeRequested { get; set; }

    public static HistoryIndex Of(IEnumerable<HistoryEvent> history)
    {
        var index = new HistoryIndex();
        foreach (var e in history)
        {
            switch (e)
            {
                case ExecutionStarted:
                    index.Started = true;
                    break;
                case EventRaised r:
                    index.EventIds.Add(r.MessageId);
                    break;
                case TaskCompleted or TaskFailed or TimerFired or SubOrchestrationCompleted or SubOrchestrationFailed:
                    index.Answered.Add(AnsweredId(e));
                    break;
            }
        }

        return index;
    }

    public static int AnsweredId(HistoryEvent e) => e switch
    {
        TaskCompleted c => c.TaskScheduledId,
        TaskFailed f => f.TaskScheduledId,
        TimerFired t => t.TimerId,
        SubOrchestrationCompleted c => c.TaskScheduledId,
        SubOrchestrationFailed f => f.TaskScheduledId,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}
