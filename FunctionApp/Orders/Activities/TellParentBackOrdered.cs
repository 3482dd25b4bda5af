using DurableEngine;
using FunctionApp.OrderBatches;

namespace FunctionApp.Orders.Activities;

/// <summary>Who to tell that an order placed as a sub-orchestration is back-ordered.</summary>
internal sealed record BackOrderNotice(string ParentInstanceId, string OrderInstanceId, OrderOutcome Outcome);

/// <summary>
/// Tells the orchestration that placed an order (a batch) that the order is back-ordered, as its early reply: the parent
/// need not wait for the restock, which can take days. Raising the same event twice is harmless; the parent takes one.
/// </summary>
internal sealed class TellParentBackOrdered(DurableTaskClient client) : TaskActivity<BackOrderNotice, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, BackOrderNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(notice.ParentInstanceId, BatchIds.BackOrderedEvent(notice.OrderInstanceId), notice.Outcome, cancellationToken);
        }
        catch (Exception e) when (e is InstanceNotFoundException or InstanceStateException)
        {
            // The parent is finished or purged: nobody is waiting.
        }

        return true;
    }
}
