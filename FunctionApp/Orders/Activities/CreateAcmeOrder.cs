using DurableEngine;
using FunctionApp.Connectors;

namespace FunctionApp.Orders.Activities;

/// <summary>Creates the order in Acme; returns its Acme id.</summary>
internal sealed class CreateAcmeOrder(AcmeClient acme) : TaskActivity<AcmeOrderRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, AcmeOrderRequest request, CancellationToken cancellationToken) =>
        acme.CreateOrderAsync(request, context.IdempotencyKey, cancellationToken);
}
