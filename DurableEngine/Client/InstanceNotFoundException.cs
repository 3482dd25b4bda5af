namespace DurableEngine;

/// <summary>No instance has the given id.</summary>
public sealed class InstanceNotFoundException(string instanceId)
    : Exception($"No orchestration instance has the id '{instanceId}'.")
{
    /// <summary>The id asked for.</summary>
    public string InstanceId { get; } = instanceId;
}
