using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FunctionApp.Orders;

namespace FunctionApp.Connectors;

/// <summary>
/// QuickBooks Online Accounting API v3: creates invoices. The <c>requestid</c> parameter carries the idempotency key,
/// so QuickBooks answers a retried request with the invoice it created the first time.
/// </summary>
internal sealed class QuickBooksClient(HttpClient http, IntegrationEndpoints endpoints)
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
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: ConnectorJson.AsDeclared) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey ?? "");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        var created = await response.ReadAsync<InvoiceResponse>(System, cancellationToken);
        return new InvoiceCreated(created.Invoice.Id, created.Invoice.DocNumber, created.Invoice.TotalAmt ?? order.Total);
    }

    private sealed record InvoiceResponse(InvoiceBody Invoice);

    private sealed record InvoiceBody(string Id, string? DocNumber, decimal? TotalAmt)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Invoice {Id}");
    }
}
