using FunctionApp.Callbacks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionApp.Orders;

/// <summary>
/// Runs an order that has a callback URL, as its sub-orchestration, so that the caller hears of every end: a confirmed
/// order posts its own callback (its last step, which also holds after a rewind), and this one posts the callback when
/// the order fails or is terminated. It lives beside the order rather than in it because an order that catches its own
/// failure to report it could no longer be rewound (Azure/azure-functions-durable-extension#444).
/// </summary>
internal sealed class OrderCallbacksOrchestrator
{
    /// <summary>The instance id of the orchestration that watches order <paramref name="orderInstanceId"/>.</summary>
    public static string InstanceIdFor(string orderInstanceId) => orderInstanceId + ":callback";

    [Function(nameof(OrderCallbacksOrchestrator))]
    public async Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, PlaceOrderInput input)
    {
        var orderInstanceId = context.InstanceId[..^":callback".Length];
        try
        {
            await context.CallSubOrchestratorAsync<OrderOutcome>(
                nameof(PlaceOrderOrchestrator), input, new SubOrchestrationOptions { InstanceId = orderInstanceId });
        }
        catch (TaskFailedException)
        {
            // The body is the order's own final status (Failed or Terminated), read by the activity.
            await CallbackDeliveries.DeliverAsync(context, new CallbackDelivery(orderInstanceId, input.CallbackUrl!, Body: null));
        }
    }
}
