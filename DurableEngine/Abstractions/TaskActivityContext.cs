namespace DurableEngine;

/// <summary>What an activity knows about the call it serves.</summary>
/// <param name="Name">The activity name.</param>
/// <param name="InstanceId">The calling orchestration instance.</param>
/// <param name="TaskId">The task id of this attempt.</param>
/// <param name="IdempotencyKey">
/// A key that is the same for every attempt, retry and replay of this call (instance id and the first attempt's task id).
/// Pass it to third-party systems so a retried step does not act twice.
/// </param>
/// <param name="Attempt">How many times this message has been delivered (1 on the first delivery).</param>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId, string IdempotencyKey, int Attempt);
