namespace Sandbox.Erp;

/// <summary>The ERP's on-hand balance of a SKU and how many adjustments made it.</summary>
internal sealed record ErpStockBalance(string Sku, long OnHand, long AppliedChanges);
