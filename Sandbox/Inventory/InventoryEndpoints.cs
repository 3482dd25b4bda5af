using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Inventory;

/// <summary>
/// The simulated warehouse: <c>GET {prefix}/inventory/items/{sku}</c> is its operation, <c>PUT</c> the tests' way to
/// set the stock (neither fault-gated nor recorded).
/// </summary>
internal static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventory(this RouteGroupBuilder sandbox)
    {
        var items = sandbox.MapGroup("/inventory/items");
        items.MapGet("/{sku}", GetItemAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.Inventory, SandboxProblems.SimulatedFault));
        items.MapPut("/{sku}", SetItemAsync);
        return items;
    }

    private static async Task<IResult> GetItemAsync(string sku, StockStore stock, RequestLog log, CancellationToken cancellationToken)
    {
        var item = new InventoryItem(sku, await stock.GetQuantityAsync(sku, cancellationToken));
        var response = new StoredResponse(StatusCodes.Status200OK, JsonSerializer.Serialize(item, SandboxJson.Camel));
        return (await log.RecordAsync(new AcceptedRequest(SandboxSystems.Inventory, "GetItem", null, null), response, cancellationToken)).ToResult();
    }

    private static async Task<IResult> SetItemAsync(string sku, HttpRequest request, StockStore stock, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<StockLevel>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } level)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        if (level.Quantity is not { } quantity || quantity < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["quantity"] = ["quantity is required and must be an integer of 0 or more."],
            });
        }

        await stock.SetQuantityAsync(sku, quantity, cancellationToken);
        return TypedResults.Json(new InventoryItem(sku, quantity), SandboxJson.Camel);
    }
}
