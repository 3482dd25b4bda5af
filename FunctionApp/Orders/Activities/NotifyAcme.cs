using DurableEngine;
using FunctionApp.Connectors;

namespace FunctionApp.Orders.Activities;

/// <summary>Tells Acme an order's status changed (confirmed, back-ordered).</summary>
internal sealed class NotifyAcme(AcmeClient acme) : TaskActivity<OrderNotification, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OrderNotification notification, CancellationToken cancellationToken)
    {
        await acme.NotifyAsync(notification, context.IdempotencyKey, cancellationToken);
        return true;
    }
}
