using System.Net.Http.Json;

namespace FunctionApp.Connectors;

/// <summary>
/// The ERP: stock adjustments in batches, <c>POST {base}/api/v1/stock-adjustments/batch</c> with the <c>X-Api-Key</c>
/// header (<c>Integrations:Erp:ApiKey</c>). Each adjustment carries its own idempotency key, so a batch sent again after
/// a lost answer applies nothing twice.
/// </summary>
internal sealed class ErpClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "Erp";

    /// <summary>The most adjustments the ERP takes in one call.</summary>
    public const int MaxBatchSize = 500;

    /// <summary>Sends the adjustments in one call and returns the ERP's result for each, by idempotency key.</summary>
    /// <exception cref="IntegrationException">The call failed as a whole (unreachable, too slow, an error status, an answer that is not the expected JSON).</exception>
    public async Task<IReadOnlyList<ErpStockAdjustmentResult>> ApplyAsync(IReadOnlyList<ErpStockAdjustment> adjustments, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.BaseUrl(System), "api/v1/stock-adjustments/batch"))
        {
            Content = JsonContent.Create(new { adjustments }),
        };
        request.Headers.Add("X-Api-Key", settings.ApiKey ?? "");
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        var answer = await response.ReadAsync<BatchResults>(System, cancellationToken);
        return answer.Results ?? throw new IntegrationException(System, (int)response.StatusCode, "The answer has no 'results'.");
    }

    private sealed record BatchResults(IReadOnlyList<ErpStockAdjustmentResult>? Results);
}
