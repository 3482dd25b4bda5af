using System.Net;

namespace FunctionApp.Connectors;

/// <summary>CRM A: contacts by email (<c>GET contacts?email=</c> → <c>{"contact":{...}}</c>); name and phone.</summary>
internal sealed class CrmAClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "crm-a";
    public const string SettingsSection = "CrmA";

    /// <summary>The customer's facts, or null when the CRM does not know the email.</summary>
    public async Task<CustomerFacts?> FindAsync(string email, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.BaseUrl(System), $"contacts?email={Uri.EscapeDataString(email)}"));
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.ReadAsync<ContactEnvelope>(System, cancellationToken);
        var contact = body.Contact ?? throw new IntegrationException(System, (int)response.StatusCode, "The answer has no contact.");
        var name = string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new CustomerFacts(contact.Email ?? email, Name: name.Length == 0 ? null : name, Phone: contact.Phone);
    }

    private sealed record ContactEnvelope(Contact? Contact);

    private sealed record Contact(string? Email, string? FirstName, string? LastName, string? Phone);
}
