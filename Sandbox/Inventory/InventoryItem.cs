namespace Sandbox.Inventory;

/// <summary>A SKU and the quantity the warehouse has of it.</summary>
internal sealed record InventoryItem(string Sku, int Quantity);
