namespace DurableEngine;

/// <summary>Thrown into orchestrator code when a sub-orchestration it awaits has failed or was terminated.</summary>
public sealed class SubOrchestrationFailedException : Exception
{
    /// <summary>Creates the exception for a failed sub-orchestration.</summary>
    public SubOrchestrationFailedException(string name, string instanceId, FailureDetails failureDetails)
        : base($"Sub-orchestration '{name}' ({instanceId}) failed: {failureDetails.ErrorMessage}")
    {
        Name = name;
        InstanceId = instanceId;
        FailureDetails = failureDetails;
    }

    /// <summary>The sub-orchestration name.</summary>
    public string Name { get; }

    /// <summary>The sub-orchestration's instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The failure reported by the sub-orchestration.</summary>
    public FailureDetails FailureDetails { get; }
}
