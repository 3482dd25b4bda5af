using FunctionApp.Callbacks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionApp.Orders;

/// <summary>
/// Runs an order whose end someone waits to hear of, as its sub-orchestration: a caller's callback URL (a confirmed
/// order posts its own callback, as its last step, which also holds after a rewind; this one posts it when the order
/// fails or is terminated), or the batch chunk that placed it (told how the order came out). It lives beside the order
/// rather than in it for two reasons of Durable's: an order that caught its own failure to report it could no longer be
/// rewound (Azure/azure-functions-durable-extension#444), and a batch cannot finish while an order it started as its
/// own sub-orchestration still waits, for days, for a restock.
/// </summary>
internal sealed class OrderWatchOrchestrator
{
    private const string Suffix = ":watch";

    /// <summary>The instance id of the orchestration that watches order <paramref name="orderInstanceId"/>.</summary>
    public static string InstanceIdFor(string orderInstanceId) => orderInstanceId + Suffix;

    [Function(nameof(OrderWatchOrchestrator))]
    public async Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, PlaceOrderInput input)
    {
        var orderInstanceId = context.InstanceId[..^Suffix.Length];
        OrderOutcome outcome;
        try
        {
            outcome = await context.CallSubOrchestratorAsync<OrderOutcome>(
                nameof(PlaceOrderOrchestrator), input, new SubOrchestrationOptions { InstanceId = orderInstanceId });
        }
        catch (TaskFailedException e)
        {
            if (input.ReportTo is { } chunk)
            {
                context.SendEvent(chunk, OrderOutcomeNotice.EventName, new OrderOutcomeNotice(orderInstanceId, null, e.FailureDetails.ErrorMessage));
            }

            if (input.CallbackUrl is { } callbackUrl)
            {
                // The body is the order's own final status (Failed or Terminated), read by the activity.
                await CallbackDeliveries.DeliverAsync(context, new CallbackDelivery(orderInstanceId, callbackUrl, Body: null));
            }

            return;
        }

        if (input.ReportTo is { } batch)
        {
            context.SendEvent(batch, OrderOutcomeNotice.EventName, new OrderOutcomeNotice(orderInstanceId, outcome, null));
        }
    }
}
