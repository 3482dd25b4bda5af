using System.Net.Http.Json;

namespace FunctionApp.Connectors;

/// <summary>
/// Amazon SES API v2 <c>SendEmail</c>. The idempotency key travels as the <c>idempotency-key</c> email tag.
/// </summary>
internal sealed class SesClient(HttpClient http, IntegrationEndpoints endpoints, SesRequestSigner signer)
{
    public const string System = "Ses";

    public async Task<string> SendAsync(string to, string subject, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        var settings = endpoints.Settings(System);
        var body = new
        {
            FromEmailAddress = settings.FromAddress ?? "orders@acme.test",
            Destination = new { ToAddresses = new[] { to } },
            Content = new { Simple = new { Subject = new { Data = subject }, Body = new { Text = new { Data = text } } } },
            // SES tag values allow letters, digits and _ - . @ only.
            EmailTags = new[] { new { Name = "idempotency-key", Value = idempotencyKey.Replace(':', '.') } },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.BaseUrl(System), "v2/email/outbound-emails"))
        {
            Content = JsonContent.Create(body, options: ConnectorJson.AsDeclared),
        };
        await signer.SignAsync(request, settings, cancellationToken);
        using var response = await http.SendGuardedAsync(request, System, settings.Timeout, cancellationToken);
        var sent = await response.ReadAsync<SendEmailResponse>(System, cancellationToken);
        return sent.MessageId;
    }

    private sealed record SendEmailResponse(string MessageId);
}
