using System.Text.RegularExpressions;
using FunctionApp.Connectors;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace FunctionApp.Inventory;

/// <summary>
/// <c>GET /api/inventory/{sku}</c>: the count straight from the inventory system, cached for
/// <see cref="InventoryOptions.CacheSeconds"/>; 504 when it does not answer within the budget, 502/503 when it fails.
/// </summary>
internal sealed partial class InventoryCountFunction(InventoryClient inventory, HybridCache cache, IOptions<InventoryOptions> options, TimeProvider time)
{
    [Function("GetInventoryCount")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "inventory/{sku}")] HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        if (!SkuPattern().IsMatch(sku))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid sku", "The SKU must be 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        var settings = options.Value;
        var budget = TimeSpan.FromMilliseconds(settings.BudgetMs);
        using var deadline = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var outcome = await UpstreamCall.RunAsync(
            InventoryClient.System,
            token => settings.CacheSeconds == 0
                ? CountAsync(inventory, sku, token)
                : cache.GetOrCreateAsync(
                    $"inventory:{sku}",
                    (inventory, sku),
                    static (state, token) => new ValueTask<StockCount>(CountAsync(state.inventory, state.sku, token)),
                    new HybridCacheEntryOptions
                    {
                        Expiration = TimeSpan.FromSeconds(settings.CacheSeconds),
                        LocalCacheExpiration = TimeSpan.FromSeconds(settings.CacheSeconds),
                    },
                    cancellationToken: token).AsTask(),
            linked.Token,
            cancellationToken);
        return outcome.Status == UpstreamStatus.Ok ? TypedResults.Ok(outcome.Value) : outcome.ToProblem(budget);
    }

    private static async Task<StockCount> CountAsync(InventoryClient inventory, string sku, CancellationToken cancellationToken) =>
        new(sku, await inventory.GetQuantityAsync(sku, cancellationToken));

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SkuPattern();
}
