using DurableEngine;
using FunctionApp.Connectors;

namespace FunctionApp.Orders.Activities;

/// <summary>Asks the inventory system whether every line can be served (all SKUs at once).</summary>
internal sealed class CheckInventory(InventoryClient inventory) : TaskActivity<IReadOnlyList<OrderLine>, InventoryCheck>
{
    public override async Task<InventoryCheck> RunAsync(TaskActivityContext context, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var needed = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        var stock = await Task.WhenAll(needed.Select(n => inventory.GetQuantityAsync(n.Sku, cancellationToken)));
        var shortSkus = needed.Where((n, i) => stock[i] < n.Quantity).Select(n => n.Sku).ToList();
        return new InventoryCheck(shortSkus.Count == 0, shortSkus);
    }
}
