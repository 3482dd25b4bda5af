using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FunctionApp.Orders;

namespace FunctionApp.Connectors;

/// <summary>
/// QuickBooks Online Accounting API v3: creates invoices. The <c>requestid</c> parameter carries the idempotency key,
/// so QuickBooks answers a retried request with the invoice it created the first time. Requests carry an OAuth 2.0
/// access token from <see cref="QuickBooksTokens"/>.
/// </summary>
internal sealed class QuickBooksClient(HttpClient http, IntegrationEndpoints endpoints, QuickBooksTokens tokens)
{
    public const string System = "QuickBooks";

    public async Task<InvoiceCreated> CreateInvoiceAsync(Order order, string idempotencyKey, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        var realm = settings.RealmId ?? throw new IntegrationException(System, null, "Integrations:QuickBooks:RealmId is not set.");
        var uri = new Uri(endpoints.BaseUrl(System), $"v3/company/{Uri.EscapeDataString(realm)}/invoice?requestid={Uri.EscapeDataString(idempotencyKey)}&minorversion=75");
        var body = new
        {
            CustomerRef = new { value = order.Customer.Email, name = order.Customer.Name },
            BillEmail = new { Address = order.Customer.Email },
            Line = order.Lines.Select(l => new
            {
                Amount = l.Amount,
                DetailType = "SalesItemLineDetail",
                SalesItemLineDetail = new { ItemRef = new { value = l.Sku, name = l.Sku }, Qty = l.Quantity, UnitPrice = l.UnitPrice },
            }),
        };
        var response = await SendAsync(uri, body, settings, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token was revoked or expired early: one more try with a fresh one.
            response.Dispose();
            response = await SendAsync(uri, body, settings, cancellationToken);
        }

        using var answered = response;
        var created = await response.ReadAsync<InvoiceResponse>(System, cancellationToken);
        return new InvoiceCreated(created.Invoice.Id, created.Invoice.DocNumber, created.Invoice.TotalAmt ?? order.Total);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, object body, IntegrationOptions settings, CancellationToken cancellationToken)
    {
        var accessToken = await tokens.GetAccessTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: ConnectorJson.AsDeclared) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Invalidate(accessToken);
        }

        return response;
    }

    private sealed record InvoiceResponse(InvoiceBody Invoice);

    private sealed record InvoiceBody(string Id, string? DocNumber, decimal? TotalAmt)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Invoice {Id}");
    }
}
