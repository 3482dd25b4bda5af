namespace Sandbox.Inventory;

/// <summary>The body of <c>PUT {prefix}/inventory/items/{sku}</c>: the quantity to put in stock.</summary>
internal sealed record StockLevel(int? Quantity);
