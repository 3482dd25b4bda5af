using DurableEngine;
using FunctionApp.Orders.Activities;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders;

/// <summary>
/// Places an order: check inventory; if everything is in stock, invoice (QuickBooks), create the Acme order, email the
/// customer and tell Acme it is confirmed. If not, email the warehouse, tell Acme it is back-ordered, reply early with
/// <c>BackOrdered</c> (and tell the parent, when placed by a batch), and wait (durably, for days if need be) for the warehouse's <c>Restocked</c> event before confirming.
/// </summary>
internal sealed class PlaceOrderOrchestrator(IOptions<OrderOptions> options) : TaskOrchestrator<Order, OrderOutcome>
{
    public const string RestockedEvent = "Restocked";

    public override async Task<OrderOutcome> RunAsync(TaskOrchestrationContext context, Order order)
    {
        var settings = options.Value;
        var step = TaskOptions.FromRetryPolicy(new RetryPolicy(
            settings.StepAttempts, settings.StepFirstRetryInterval, backoffCoefficient: 2, maxRetryInterval: settings.StepMaxRetryInterval));

        var inventory = await context.CallActivityAsync<InventoryCheck>(nameof(CheckInventory), order.Lines, step);
        if (!inventory.AllAvailable)
        {
            await context.CallActivityAsync<string>(nameof(SendEmail), BackOrderEmail(context.InstanceId, order, inventory, settings.WarehouseEmail), step);
            await context.CallActivityAsync<bool>(nameof(NotifyAcme), new OrderNotification(context.InstanceId, OrderOutcome.BackOrderedStatus, null), step);
            context.SetCustomStatus(new { stage = "AwaitingRestock", inventory.ShortSkus });
            var backOrdered = OrderOutcome.BackOrdered(inventory.ShortSkus);
            context.PublishReply(backOrdered);
            if (context.ParentInstanceId is { } parent)
            {
                await context.CallActivityAsync<bool>(nameof(TellParentBackOrdered), new BackOrderNotice(parent, context.InstanceId, backOrdered), step);
            }

            await context.WaitForExternalEvent<Restocked?>(RestockedEvent);
        }

        context.SetCustomStatus(new { stage = "Fulfilling" });
        var invoice = await context.CallActivityAsync<InvoiceCreated>(nameof(CreateInvoice), order, step);
        var acmeOrderId = await context.CallActivityAsync<string>(nameof(CreateAcmeOrder), new AcmeOrderRequest(context.InstanceId, order, invoice.Id), step);
        await context.CallActivityAsync<string>(nameof(SendEmail), ConfirmationEmail(order, invoice), step);
        await context.CallActivityAsync<bool>(nameof(NotifyAcme), new OrderNotification(context.InstanceId, OrderOutcome.ConfirmedStatus, acmeOrderId), step);
        context.SetCustomStatus(new { stage = "Confirmed" });
        return OrderOutcome.Confirmed(invoice, acmeOrderId);
    }

    private static EmailMessage ConfirmationEmail(Order order, InvoiceCreated invoice) => new(
        order.Customer.Email,
        $"Your order is confirmed (invoice {invoice.DocNumber ?? invoice.Id})",
        $"Hello {order.Customer.Name},\n\nWe have your order of {order.Lines.Count} line(s), {invoice.Total:0.00} in all. Thank you!");

    private static EmailMessage BackOrderEmail(string reference, Order order, InventoryCheck inventory, string warehouse) => new(
        warehouse,
        $"Back-order {reference}: {string.Join(", ", inventory.ShortSkus)}",
        $"Order {reference} for {order.Customer.Email} waits for stock of: {string.Join(", ", inventory.ShortSkus)}. " +
        $"Raise the '{RestockedEvent}' event on the instance when it is back.");
}
