using DurableEngine.History;

namespace DurableEngine.Replay;

/// <summary>What one replay of an orchestrator decided.</summary>
/// <param name="NewActions">Actions the code took that the history does not have yet (to append and send).</param>
/// <param name="Completion">The final event when the orchestrator finished (completed or failed), else null.</param>
/// <param name="ContinueAsNew">Set when the orchestrator asked to start over with a new input.</param>
/// <param name="CustomStatus">The custom status the code set, as JSON.</param>
/// <param name="Reply">The early reply the code published, as JSON.</param>
/// <param name="Suspended">True while the history says the instance is suspended.</param>
internal sealed record ExecutionResult(
    IReadOnlyList<HistoryEvent> NewActions,
    ExecutionCompleted? Completion,
    ContinueAsNewRequest? ContinueAsNew,
    string? CustomStatus,
    string? Reply,
    bool Suspended);

/// <summary>The orchestrator asked to restart with <paramref name="Input"/>, carrying <paramref name="CarriedEvents"/> over.</summary>
internal sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<EventRaised> CarriedEvents);
