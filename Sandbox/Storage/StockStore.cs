using Azure.Data.Tables;

namespace Sandbox.Storage;

/// <summary>The simulated warehouse's stock: one row per SKU.</summary>
internal sealed class StockStore(SandboxTables tables)
{
    private const string Partition = "items";
    private const string SkuProperty = "Sku";
    private const string QuantityProperty = "Quantity";

    /// <summary>The quantity in stock; an unknown SKU has none.</summary>
    public async Task<int> GetQuantityAsync(string sku, CancellationToken cancellationToken)
    {
        var table = await tables.Stock.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(
            Partition, TableKeys.Hash(sku), [QuantityProperty], cancellationToken);
        return found.HasValue ? found.Value!.GetInt32(QuantityProperty) ?? 0 : 0;
    }

    public async Task SetQuantityAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        var table = await tables.Stock.GetAsync(cancellationToken);
        var entity = new TableEntity(Partition, TableKeys.Hash(sku))
        {
            [SkuProperty] = sku,
            [QuantityProperty] = quantity,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
