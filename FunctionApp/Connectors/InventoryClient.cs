namespace FunctionApp.Connectors;

/// <summary>The warehouse/inventory system: stock per SKU.</summary>
internal sealed class InventoryClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "Inventory";

    public async Task<int> GetQuantityAsync(string sku, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.BaseUrl(System), $"items/{Uri.EscapeDataString(sku)}"));
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        var item = await response.ReadAsync<StockLevel>(System, cancellationToken);
        return item.Quantity;
    }

    private sealed record StockLevel(string Sku, int Quantity);
}
