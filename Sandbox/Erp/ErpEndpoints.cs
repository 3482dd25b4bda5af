using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Erp;

/// <summary>
/// The simulated ERP: <c>POST {prefix}/erp/api/v1/stock-adjustments/batch</c> applies stock adjustments, each at most
/// once per idempotency key (fault-gated, recorded once per call), authenticated with the <c>X-Api-Key</c> header
/// (<c>Sandbox:Erp:ApiKey</c>, default <c>sandbox-erp-key</c>, the development value);
/// <c>GET {prefix}/erp/api/v1/stock/{sku}</c> reads a balance (neither fault-gated nor recorded, so tests can watch it).
/// </summary>
internal static class ErpEndpoints
{
    private const string ApplyOperation = "ApplyStockAdjustments";
    private const string ApiKeyHeader = "X-Api-Key";
    private const string ApiKeySetting = "Sandbox:Erp:ApiKey";
    private const string DevelopmentApiKey = "sandbox-erp-key";

    public static RouteGroupBuilder MapErp(this RouteGroupBuilder sandbox)
    {
        var api = sandbox.MapGroup("/erp/api/v1");
        api.MapPost("/stock-adjustments/batch", ApplyBatchAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.Erp, ErpError.Simulated));
        api.MapGet("/stock/{sku}", GetStockAsync);
        return api;
    }

    private static async Task<IResult> ApplyBatchAsync(
        [FromHeader(Name = ApiKeyHeader)] string? apiKey,
        HttpRequest request,
        IConfiguration configuration,
        ErpLedger ledger,
        RequestLog log,
        CancellationToken cancellationToken)
    {
        var expected = configuration[ApiKeySetting] is { Length: > 0 } configured ? configured : DevelopmentApiKey;
        if (!Matches(apiKey, expected))
        {
            return ErpError.Unauthorized();
        }

        var body = await JsonBody.ReadAsync<StockAdjustmentBatch>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } batch)
        {
            return ErpError.BadRequest(body.Error!);
        }

        if (batch.Validate() is { Count: > 0 } errors)
        {
            return ErpError.BadRequest("The batch is not valid; nothing was applied.", errors);
        }

        // Adjustments of different SKUs are applied in parallel, those of one SKU in the order sent.
        var adjustments = batch.Adjustments!.Select(a => a!).ToList();
        var results = new StockAdjustmentResult[adjustments.Count];
        await Task.WhenAll(adjustments
            .Select((adjustment, index) => (adjustment, index))
            .GroupBy(item => item.adjustment.Sku!, StringComparer.Ordinal)
            .Select(async group =>
            {
                foreach (var (adjustment, index) in group)
                {
                    results[index] = await ledger.ApplyAsync(
                        adjustment.IdempotencyKey!, adjustment.Sku!, adjustment.Delta!.Value, adjustment.OccurredAt, cancellationToken);
                }
            }));

        var response = new StoredResponse(StatusCodes.Status200OK, JsonSerializer.Serialize(new StockAdjustmentResults(results), SandboxJson.Camel));
        return (await log.RecordAsync(new AcceptedRequest(SandboxSystems.Erp, ApplyOperation, null, body.Text), response, cancellationToken)).ToResult();
    }

    private static async Task<IResult> GetStockAsync(string sku, ErpLedger ledger, CancellationToken cancellationToken) =>
        TypedResults.Json(await ledger.GetBalanceAsync(sku, cancellationToken), SandboxJson.Camel);

    private static bool Matches(string? presented, string expected) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
