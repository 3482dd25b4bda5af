namespace FunctionApp.Inventory;

/// <summary>The answer of <c>GET /api/inventory/{sku}</c>.</summary>
internal sealed record StockCount(string Sku, int Quantity);
