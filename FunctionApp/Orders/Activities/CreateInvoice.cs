using FunctionApp.Connectors;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders.Activities;

/// <summary>Creates the invoice in QuickBooks; the step's idempotency key makes a retry return the same invoice.</summary>
internal sealed class CreateInvoice(QuickBooksClient quickBooks, IOptions<OrderOptions> options)
{
    [Function(nameof(CreateInvoice))]
    public Task<InvoiceCreated> RunAsync([ActivityTrigger] InvoiceRequest request, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(options.Value.StepRetry, token => quickBooks.CreateInvoiceAsync(request.Order, request.IdempotencyKey, token), cancellationToken);
}
