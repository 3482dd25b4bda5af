namespace DurableEngine;

/// <summary>The instance exists but its status does not allow the operation (e.g. raising an event to a completed instance).</summary>
public sealed class InstanceStateException(string instanceId, OrchestrationRuntimeStatus status, string operation)
    : Exception($"Cannot {operation} instance '{instanceId}': it is {status}.")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The instance's status at the time of the request.</summary>
    public OrchestrationRuntimeStatus Status { get; } = status;
}
