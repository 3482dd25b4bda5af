namespace DurableEngine;

/// <summary>Options for one activity or sub-orchestration call.</summary>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options with the given retry policy.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration call.</summary>
/// <param name="InstanceId">The child's instance id; by default one derived from the parent's id and the task id.</param>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);
