using System.Net;
using System.Text.Json.Serialization;

namespace FunctionApp.Connectors;

/// <summary>CRM B: a JSON:API-style people resource (<c>GET api/v2/people/{email}</c>); full name and tier.</summary>
internal sealed class CrmBClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "crm-b";
    public const string SettingsSection = "CrmB";

    /// <summary>The customer's facts, or null when the CRM does not know the email.</summary>
    public async Task<CustomerFacts?> FindAsync(string email, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.BaseUrl(System), $"api/v2/people/{Uri.EscapeDataString(email)}"));
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.ReadAsync<PersonDocument>(System, cancellationToken);
        var person = body.Data?.Attributes ?? throw new IntegrationException(System, (int)response.StatusCode, "The answer has no data.attributes.");
        return new CustomerFacts(person.EmailAddress ?? email, Name: string.IsNullOrWhiteSpace(person.FullName) ? null : person.FullName, Tier: person.Tier);
    }

    private sealed record PersonDocument(PersonData? Data);

    private sealed record PersonData(PersonAttributes? Attributes);

    private sealed record PersonAttributes(
        [property: JsonPropertyName("email_address")] string? EmailAddress,
        [property: JsonPropertyName("full_name")] string? FullName,
        string? Tier);
}
