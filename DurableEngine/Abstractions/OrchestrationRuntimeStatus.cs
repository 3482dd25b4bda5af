namespace DurableEngine;

/// <summary>The runtime status of an orchestration instance, with the names Durable Functions uses.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled, not yet started by a worker.</summary>
    Pending,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished successfully; the output is available.</summary>
    Completed,

    /// <summary>Finished with an unhandled error; see the failure details. Can be rewound.</summary>
    Failed,

    /// <summary>Stopped by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request; events are kept until it is resumed.</summary>
    Suspended,
}

/// <summary>Helpers for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for the statuses an instance never leaves on its own: completed, failed, terminated.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
