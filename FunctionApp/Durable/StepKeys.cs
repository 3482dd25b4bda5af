using Microsoft.DurableTask;

namespace FunctionApp.Durable;

/// <summary>
/// The idempotency key of a side-effecting step, derived in the orchestrator from the instance id and the step's name:
/// the same on every retry, replay and rewind, so a third party that has seen it answers with what it did the first time.
/// </summary>
internal static class StepKeys
{
    public static string For(TaskOrchestrationContext context, string step) => $"{context.InstanceId}:{step}";
}
