using System.Text.Json;
using FunctionApp.Callbacks;
using FunctionApp.Durable;
using FunctionApp.Orders.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders;

/// <summary>
/// Places an order: check inventory; if everything is in stock, invoice (QuickBooks), create the Acme order, email the
/// customer and tell Acme it is confirmed. If not, email the warehouse, tell Acme it is back-ordered, reply early with
/// <c>BackOrdered</c> (and tell the batch, when placed by one), and wait, durably and for days if need be, for the
/// warehouse's <c>Restocked</c> event before confirming. A confirmed order with a callback URL posts it as its last step.
/// </summary>
/// <remarks>
/// Every side-effecting step carries a key derived from the instance id and the step (<see cref="StepKeys"/>), and retries
/// inside its activity (<see cref="StepRetry"/>), so a failed order can be rewound once the cause is fixed.
/// </remarks>
internal sealed class PlaceOrderOrchestrator(IOptions<OrderOptions> options)
{
    public const string RestockedEvent = "Restocked";

    [Function(nameof(PlaceOrderOrchestrator))]
    public async Task<OrderOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, PlaceOrderInput input)
    {
        var startedAt = context.CurrentUtcDateTime;
        var order = input.Order;
        var inventory = await context.CallActivityAsync<InventoryCheck>(nameof(CheckInventory), order.Lines);
        if (!inventory.AllAvailable)
        {
            await context.CallActivityAsync<string>(nameof(SendEmail), BackOrderEmail(context, order, inventory, options.Value.WarehouseEmail));
            await context.CallActivityAsync(nameof(NotifyAcme), Notice(context, OrderOutcome.BackOrderedStatus, null));
            var backOrdered = OrderOutcome.BackOrdered(inventory.ShortSkus);
            EarlyReply.Publish(context, "AwaitingRestock", backOrdered);
            if (input.ReportTo is { } chunk)
            {
                // The batch need not wait days for the restock.
                context.SendEvent(chunk, OrderOutcomeNotice.EventName, new OrderOutcomeNotice(context.InstanceId, backOrdered, null));
            }

            await context.WaitForExternalEvent<Restocked?>(RestockedEvent);
        }

        context.SetCustomStatus(new { stage = "Fulfilling" });
        var invoice = await context.CallActivityAsync<InvoiceCreated>(nameof(CreateInvoice), new InvoiceRequest(order, StepKeys.For(context, "invoice")));
        var acmeOrderId = await context.CallActivityAsync<string>(
            nameof(CreateAcmeOrder), new AcmeOrderRequest(context.InstanceId, order, invoice.Id, StepKeys.For(context, "acme-order")));
        await context.CallActivityAsync<string>(nameof(SendEmail), ConfirmationEmail(context, order, invoice));
        await context.CallActivityAsync(nameof(NotifyAcme), Notice(context, OrderOutcome.ConfirmedStatus, acmeOrderId));
        var confirmed = new { stage = "Confirmed" };
        context.SetCustomStatus(confirmed);
        var outcome = OrderOutcome.Confirmed(invoice, acmeOrderId);
        if (input.CallbackUrl is { } callbackUrl)
        {
            var status = StatusResponses.Completed(context.Name, context.InstanceId,
                JsonSerializer.SerializeToNode(input, AppJson.Options), JsonSerializer.SerializeToNode(confirmed, AppJson.Options),
                JsonSerializer.SerializeToNode(outcome, AppJson.Options), startedAt, context.CurrentUtcDateTime);
            await CallbackDeliveries.DeliverAsync(context, new CallbackDelivery(context.InstanceId, callbackUrl, status.ToJsonString()));
        }

        return outcome;
    }

    private static OrderNotification Notice(TaskOrchestrationContext context, string status, string? acmeOrderId) =>
        new(context.InstanceId, status, acmeOrderId, StepKeys.For(context, "notify-" + status.ToLowerInvariant()));

    private static EmailMessage ConfirmationEmail(TaskOrchestrationContext context, Order order, InvoiceCreated invoice) => new(
        order.Customer.Email,
        $"Your order is confirmed (invoice {invoice.DocNumber ?? invoice.Id})",
        $"Hello {order.Customer.Name},\n\nWe have your order of {order.Lines.Count} line(s), {invoice.Total:0.00} in all. Thank you!",
        StepKeys.For(context, "email-confirmation"));

    private static EmailMessage BackOrderEmail(TaskOrchestrationContext context, Order order, InventoryCheck inventory, string warehouse) => new(
        warehouse,
        $"Back-order {context.InstanceId}: {string.Join(", ", inventory.ShortSkus)}",
        $"Order {context.InstanceId} for {order.Customer.Email} waits for stock of: {string.Join(", ", inventory.ShortSkus)}. " +
        $"Raise the '{RestockedEvent}' event on the instance when it is back.",
        StepKeys.For(context, "email-backorder"));
}
