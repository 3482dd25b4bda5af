using FunctionApp.Connectors;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders.Activities;

/// <summary>Creates the order in Acme; returns its Acme id.</summary>
internal sealed class CreateAcmeOrder(AcmeClient acme, IOptions<OrderOptions> options)
{
    [Function(nameof(CreateAcmeOrder))]
    public Task<string> RunAsync([ActivityTrigger] AcmeOrderRequest request, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(options.Value.StepRetry, token => acme.CreateOrderAsync(request, token), cancellationToken);
}
