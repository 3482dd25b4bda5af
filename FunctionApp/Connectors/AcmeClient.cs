using System.Net.Http.Headers;
using System.Text.Json;
using FunctionApp.Orders;
using FunctionApp.Security;

namespace FunctionApp.Connectors;

/// <summary>
/// Acme's own API: orders, and order status notifications (the webhook that refreshes the order page, signed with
/// <c>Integrations:Acme:WebhookSecret</c> in <see cref="SignatureHeader"/>), each with an <c>Idempotency-Key</c> header.
/// </summary>
internal sealed class AcmeClient(HttpClient http, IntegrationEndpoints endpoints, TimeProvider time)
{
    public const string System = "Acme";

    /// <summary>The header of the notification's signature: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public const string SignatureHeader = "X-Acme-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> CreateOrderAsync(AcmeOrderRequest order, CancellationToken cancellationToken)
    {
        var body = new
        {
            customerEmail = order.Order.Customer.Email,
            invoiceId = order.InvoiceId,
            lines = order.Order.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.UnitPrice }),
            reference = order.Reference,
        };
        using var response = await PostAsync("api/orders", body, order.IdempotencyKey, cancellationToken);
        return (await response.ReadAsync<CreatedOrder>(System, cancellationToken)).Id;
    }

    public async Task NotifyAsync(OrderNotification notification, CancellationToken cancellationToken)
    {
        var secret = endpoints.Settings(System).WebhookSecret is { Length: > 0 } configured
            ? configured
            : throw new IntegrationException(System, null, "Integrations:Acme:WebhookSecret is not set: notifications are signed with it.");
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { reference = notification.Reference, status = notification.Status, acmeOrderId = notification.AcmeOrderId }, Json);
        using var response = await PostAsync("api/order-notifications", body, notification.IdempotencyKey, request =>
            request.Headers.Add(SignatureHeader, TimestampedSignature.Create(secret, time.GetUtcNow().ToUnixTimeSeconds(), body)), cancellationToken);
        await response.EnsureAsync(System, cancellationToken);
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync(path, JsonSerializer.SerializeToUtf8Bytes(body, Json), idempotencyKey, _ => { }, cancellationToken);

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string idempotencyKey, Action<HttpRequestMessage> sign, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.BaseUrl(System), path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey ?? "");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        sign(request);
        return await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
    }

    private sealed record CreatedOrder(string Id, string? Status);
}
