using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>Drives the Sandbox's control surface: stock, faults and the request log.</summary>
public sealed class SandboxControl(HttpClient http)
{
    public async Task SetStockAsync(string sku, int quantity) =>
        await EnsureAsync(await http.PutAsJsonAsync($"/sandbox/inventory/items/{sku}", new { quantity }));

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Sandbox answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task FailNextAsync(string system, int count, int status = 503, int delayMs = 0) =>
        await EnsureAsync(await http.PostAsJsonAsync($"/sandbox/{system}/faults", new { failNext = count, status, delayMs }));

    public async Task ClearFaultsAsync(string system) =>
        await EnsureAsync(await http.DeleteAsync($"/sandbox/{system}/faults"));

    /// <summary>The accepted requests of a system, optionally only those whose idempotency key starts with a prefix.</summary>
    public async Task<List<JsonElement>> RequestsAsync(string system, string? keyPrefix = null)
    {
        var url = $"/sandbox/{system}/requests" + (keyPrefix is null ? "" : $"?keyPrefix={Uri.EscapeDataString(keyPrefix)}");
        return (await http.GetFromJsonAsync<List<JsonElement>>(url))!;
    }
}
