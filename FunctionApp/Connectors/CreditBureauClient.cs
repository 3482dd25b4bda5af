using System.Net.Http.Json;

namespace FunctionApp.Connectors;

/// <summary>The credit bureau: a decision on an amount for a customer (<c>POST v1/decisions</c>).</summary>
internal sealed class CreditBureauClient(HttpClient http, IntegrationEndpoints endpoints)
{
    public const string System = "credit-bureau";
    public const string SettingsSection = "CreditBureau";

    public async Task<CreditDecision> DecideAsync(string customerEmail, decimal amount, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.BaseUrl(System), "v1/decisions"))
        {
            Content = JsonContent.Create(new { customerEmail, amount }),
        };
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        var decision = await response.ReadAsync<CreditDecision>(System, cancellationToken);
        if (decision.Decision is not ("Approved" or "Declined"))
        {
            throw new IntegrationException(System, (int)response.StatusCode, "The answer has no decision of Approved or Declined.");
        }

        return decision;
    }
}
