namespace FunctionApp.Orders;

/// <summary>
/// How an order placed by a batch came out, sent to the batch's chunk as the event <see cref="EventName"/>: its outcome
/// (<c>BackOrdered</c> early, while it waits for the restock, or <c>Confirmed</c>), or why it failed.
/// </summary>
internal sealed record OrderOutcomeNotice(string InstanceId, OrderOutcome? Outcome, string? Failure)
{
    public const string EventName = "OrderOutcome";
}
