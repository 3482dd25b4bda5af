namespace FunctionApp.Connectors;

/// <summary>
/// Authenticates SES requests. This first cut serves the Sandbox only (it checks the scheme, not the signature);
/// AWS Signature Version 4 through AWSSDK.Core's signer replaces it for the real service (the connector catalogue issue).
/// </summary>
internal sealed class SesRequestSigner(IConfiguration configuration)
{
    public Task SignAsync(HttpRequestMessage request, IntegrationOptions settings, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.BaseUrl) || !configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            throw new IntegrationException(SesClient.System, null, "Signing for the real Amazon SES (Signature Version 4) is not available in this build; use the Sandbox.");
        }

        var date = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={settings.AccessKeyId ?? "sandbox"}/{date}/{settings.Region ?? "us-east-1"}/ses/aws4_request, SignedHeaders=host, Signature=sandbox");
        return Task.CompletedTask;
    }
}
