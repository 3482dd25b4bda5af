using DurableEngine;
using FunctionApp.Connectors;

namespace FunctionApp.Orders.Activities;

/// <summary>Creates the invoice in QuickBooks; the activity's idempotency key makes a retry return the same invoice.</summary>
internal sealed class CreateInvoice(QuickBooksClient quickBooks) : TaskActivity<Order, InvoiceCreated>
{
    public override Task<InvoiceCreated> RunAsync(TaskActivityContext context, Order order, CancellationToken cancellationToken) =>
        quickBooks.CreateInvoiceAsync(order, context.IdempotencyKey, cancellationToken);
}
