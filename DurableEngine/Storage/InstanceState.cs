using Azure;

namespace DurableEngine.Storage;

/// <summary>
/// The authoritative state of an instance: the state row of its history partition. Every commit replaces it
/// conditionally on <see cref="ETag"/>, which is how two workers never both advance one instance.
/// </summary>
internal sealed record InstanceState
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; init; }

    /// <summary>The key prefix of the current history rows; changes when the history is rewritten (continue-as-new, rewind, restart).</summary>
    public required string Generation { get; init; }

    /// <summary>How many events the current generation has.</summary>
    public int EventCount { get; init; }

    public OrchestrationRuntimeStatus Status { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public string? Reply { get; init; }

    public FailureDetails? Failure { get; init; }

    public DateTime CreatedTime { get; init; }

    public DateTime LastUpdatedTime { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? ParentInstanceId { get; init; }

    /// <summary>
    /// The events [<see cref="OutboxFrom"/>, <see cref="OutboxTo"/>) whose outgoing messages may not have been sent yet.
    /// A worker that finds this range non-empty sends them again (receivers drop duplicates) before it goes on.
    /// </summary>
    public int OutboxFrom { get; init; }

    public int OutboxTo { get; init; }

    public ETag ETag { get; init; }

    public bool HasUnsentOutbox => OutboxTo > OutboxFrom;

    public static string NewId() => Guid.NewGuid().ToString("N");
}
