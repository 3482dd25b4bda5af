using FunctionApp.Connectors;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders.Activities;

/// <summary>Tells Acme an order's status changed (confirmed, back-ordered): Acme refreshes the order page.</summary>
internal sealed class NotifyAcme(AcmeClient acme, IOptions<OrderOptions> options)
{
    [Function(nameof(NotifyAcme))]
    public Task RunAsync([ActivityTrigger] OrderNotification notification, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(options.Value.StepRetry, async token =>
        {
            await acme.NotifyAsync(notification, token);
            return true;
        }, cancellationToken);
}
