namespace DurableEngine;

/// <summary>Thrown into orchestrator code when an activity it awaits has failed (after all retries).</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed activity.</summary>
    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : base($"Activity '{taskName}' (task {taskId}) failed: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity name.</summary>
    public string TaskName { get; }

    /// <summary>The task id of the failed attempt.</summary>
    public int TaskId { get; }

    /// <summary>The failure reported by the activity.</summary>
    public FailureDetails FailureDetails { get; }
}
