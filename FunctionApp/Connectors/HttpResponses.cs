using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionApp.Connectors;

/// <summary>Turns third-party answers into values or <see cref="IntegrationException"/>s.</summary>
internal static class HttpResponses
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, string system, CancellationToken cancellationToken)
    {
        await response.EnsureAsync(system, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
                ?? throw new IntegrationException(system, (int)response.StatusCode, "The response body was empty.");
        }
        catch (JsonException e)
        {
            throw new IntegrationException(system, (int)response.StatusCode, "The response body was not the expected JSON.", e);
        }
    }

    public static async Task EnsureAsync(this HttpResponseMessage response, string system, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var excerpt = body.Length > 300 ? body[..300] + "…" : body;
        throw new IntegrationException(system, (int)response.StatusCode, $"HTTP {(int)response.StatusCode}: {excerpt}");
    }

    /// <summary>
    /// Sends through the client's resilience pipeline (which owns the timeouts and retries) and turns what it gives up
    /// on into an <see cref="IntegrationException"/> naming the system.
    /// </summary>
    public static async Task<HttpResponseMessage> SendGuardedAsync(this HttpClient http, HttpRequestMessage request, string system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new IntegrationException(system, null, $"No answer within {timeout.TotalSeconds:0.#} s.", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new IntegrationException(system, null, "Too many recent failures: calls are paused for a moment (circuit open).", e);
        }
        catch (HttpRequestException e)
        {
            throw new IntegrationException(system, null, $"Unreachable: {e.Message}", e);
        }
    }
}
