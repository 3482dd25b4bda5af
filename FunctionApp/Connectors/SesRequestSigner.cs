using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace FunctionApp.Connectors;

/// <summary>
/// Signs SES requests with AWS Signature Version 4 through AWSSDK.Core's <see cref="AWS4Signer"/>: the same signature for
/// Amazon SES and for the Sandbox, which verifies it.
/// </summary>
/// <remarks>
/// The signer works on the SDK's own request type, so the request is described to it (method, URL, body, content type)
/// and the headers it adds (<c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c>) are copied back.
/// </remarks>
internal sealed class SesRequestSigner(TimeProvider time)
{
    private const string Service = "ses";

    public async Task SignAsync(HttpRequestMessage request, IntegrationOptions settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.AccessKeyId) || string.IsNullOrEmpty(settings.SecretAccessKey))
        {
            throw new IntegrationException(SesClient.System, null, "Integrations:Ses:AccessKeyId and Integrations:Ses:SecretAccessKey must be set.");
        }

        // SendEmail has no query string; a request with one would need its parameters described to the signer too.
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signing = new DefaultRequest(new SigningRequest(), "SimpleEmailServiceV2")
        {
            HttpMethod = request.Method.Method,
            Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = uri.AbsolutePath,
            Content = body,
            AuthenticationRegion = settings.Region ?? "us-east-1",
            OverrideSigningServiceName = Service,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signing.Headers["Content-Type"] = contentType.ToString();
        }

        var result = new AWS4Signer().SignRequest(
            signing, new SigningConfig(), null, settings.AccessKeyId, settings.SecretAccessKey, time.GetUtcNow().UtcDateTime);
        foreach (var (name, value) in signing.Headers)
        {
            if (name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    private sealed class SigningRequest : AmazonWebServiceRequest;

    /// <summary>The client settings the signer consults: none beyond the service's names, since region and service are set on the request.</summary>
    private sealed class SigningConfig() : ClientConfig(new NoDefaults())
    {
        public override string RegionEndpointServiceName => Service;

        public override string ServiceVersion => "2019-09-27";

        public override string UserAgent => "acme-integration";

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException("The signer does not resolve endpoints: the request carries its own.");
    }

    private sealed class NoDefaults : IDefaultConfigurationProvider
    {
        public IDefaultConfiguration GetDefaultConfiguration(Amazon.RegionEndpoint clientRegion, DefaultConfigurationMode? requestedDefaultConfigurationMode = null) =>
            throw new NotSupportedException("The signer needs no SDK defaults.");
    }
}
