using System.Text.Json;

namespace DurableEngine;

/// <summary>The state of an orchestration instance as a client sees it.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>The orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The current execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was scheduled (UTC).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>When its state last changed (UTC).</summary>
    public DateTime LastUpdatedAt { get; init; }

    /// <summary>The input, as JSON.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output, as JSON, once completed (the reason, once terminated).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status, as JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>The early reply the orchestrator published, as JSON.</summary>
    public string? SerializedReply { get; init; }

    /// <summary>What went wrong, once failed.</summary>
    public FailureDetails? FailureDetails { get; init; }

    /// <summary>Caller-defined tags given when the instance was scheduled.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The parent's instance id for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>True once the instance is completed, failed or terminated.</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>Reads the output as <typeparamref name="T"/>.</summary>
    public T? ReadOutputAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedOutput, options);

    /// <summary>Reads the input as <typeparamref name="T"/>.</summary>
    public T? ReadInputAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedInput, options);

    /// <summary>Reads the custom status as <typeparamref name="T"/>.</summary>
    public T? ReadCustomStatusAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedCustomStatus, options);

    /// <summary>Reads the early reply as <typeparamref name="T"/>.</summary>
    public T? ReadReplyAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedReply, options);

    private static T? Read<T>(string? json, JsonSerializerOptions? options) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, options ?? JsonSerializerOptions.Web);
}
