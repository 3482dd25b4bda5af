namespace DurableEngine;

/// <summary>An instance with the requested id exists already; nothing new was scheduled.</summary>
public sealed class InstanceAlreadyExistsException(OrchestrationMetadata existing)
    : Exception($"An orchestration instance with the id '{existing.InstanceId}' exists already ({existing.RuntimeStatus}).")
{
    /// <summary>The instance that holds the id.</summary>
    public OrchestrationMetadata Existing { get; } = existing;
}
