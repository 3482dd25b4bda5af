using System.Net.Http.Headers;
using System.Net.Http.Json;
using FunctionApp.Orders;

namespace FunctionApp.Connectors;

/// <summary>Acme's own API: orders and order status notifications, each with an <c>Idempotency-Key</c> header.</summary>
internal sealed class AcmeClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "Acme";

    public async Task<string> CreateOrderAsync(AcmeOrderRequest order, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new
        {
            customerEmail = order.Order.Customer.Email,
            invoiceId = order.InvoiceId,
            lines = order.Order.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.UnitPrice }),
            reference = order.Reference,
        };
        using var response = await PostAsync("api/orders", body, idempotencyKey, cancellationToken);
        return (await response.ReadAsync<CreatedOrder>(System, cancellationToken)).Id;
    }

    public async Task NotifyAsync(OrderNotification notification, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new { reference = notification.Reference, status = notification.Status, acmeOrderId = notification.AcmeOrderId };
        using var response = await PostAsync("api/order-notifications", body, idempotencyKey, cancellationToken);
        await response.EnsureAsync(System, cancellationToken);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.BaseUrl(System), path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey ?? "");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
    }

    private sealed record CreatedOrder(string Id, string? Status);
}
