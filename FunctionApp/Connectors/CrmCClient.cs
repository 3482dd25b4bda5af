using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionApp.Connectors;

/// <summary>CRM C: a search (<c>GET customers/search?q=</c> → <c>[{"Email","Company","LifetimeValue"}]</c>); company and lifetime value.</summary>
internal sealed class CrmCClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "crm-c";
    public const string SettingsSection = "CrmC";

    /// <summary>The customer's facts, or null when the search finds no customer with exactly this email.</summary>
    public async Task<CustomerFacts?> FindAsync(string email, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.BaseUrl(System), $"customers/search?q={Uri.EscapeDataString(email)}"));
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        await response.EnsureAsync(System, cancellationToken);
        List<SearchHit>? hits;
        try
        {
            hits = await response.Content.ReadFromJsonAsync<List<SearchHit>>(ConnectorJson.AsDeclared, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new IntegrationException(System, (int)response.StatusCode, "The response body was not the expected JSON.", e);
        }

        // A search matches loosely; only an exact email is this customer.
        var hit = hits?.FirstOrDefault(h => string.Equals(h.Email, email, StringComparison.OrdinalIgnoreCase));
        return hit is null ? null : new CustomerFacts(hit.Email!, Company: hit.Company, LifetimeValue: hit.LifetimeValue);
    }

    private sealed record SearchHit(string? Email, string? Company, decimal? LifetimeValue);
}
