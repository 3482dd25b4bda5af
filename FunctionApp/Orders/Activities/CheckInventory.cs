using FunctionApp.Connectors;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders.Activities;

/// <summary>Asks the inventory system whether every line can be served (all SKUs at once).</summary>
internal sealed class CheckInventory(InventoryClient inventory, IOptions<OrderOptions> options)
{
    [Function(nameof(CheckInventory))]
    public Task<InventoryCheck> RunAsync([ActivityTrigger] IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(options.Value.StepRetry, async token =>
        {
            var needed = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
            var stock = await Task.WhenAll(needed.Select(n => inventory.GetQuantityAsync(n.Sku, token)));
            var shortSkus = needed.Where((n, i) => stock[i] < n.Quantity).Select(n => n.Sku).ToList();
            return new InventoryCheck(shortSkus.Count == 0, shortSkus);
        }, cancellationToken);
}
