using Microsoft.DurableTask;

namespace FunctionApp.Callbacks;

/// <summary>Posting a callback from an orchestration, as its last step: retried with backoff, never failing the instance.</summary>
internal static partial class CallbackDeliveries
{
    /// <summary>Up to 8 attempts, 1 s apart at first and doubling (about 4 minutes in all), as durable timers.</summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(8, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(2)));

    /// <summary>
    /// Posts the callback; a receiver that keeps failing is logged and given up on, since the work it reports is done.
    /// Only ever the last step of an instance: a caught failure followed by more steps could not be rewound.
    /// </summary>
    public static async Task DeliverAsync(TaskOrchestrationContext context, CallbackDelivery delivery)
    {
        try
        {
            await context.CallActivityAsync(nameof(DeliverCallback), delivery, Retry);
        }
        catch (TaskFailedException e)
        {
            LogGaveUp(context.CreateReplaySafeLogger(typeof(CallbackDeliveries)), delivery.InstanceId, e.FailureDetails.ErrorMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The callback for {InstanceId} was not delivered after every attempt: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string instanceId, string reason);
}
