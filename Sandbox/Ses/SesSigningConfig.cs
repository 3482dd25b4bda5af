using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Sandbox.Ses;

/// <summary>The client settings AWSSDK.Core's signer consults: only the service's names; region and service come with the request.</summary>
internal sealed class SesSigningConfig() : ClientConfig(new NoDefaults())
{
    public override string RegionEndpointServiceName => "ses";

    public override string ServiceVersion => "2019-09-27";

    public override string UserAgent => "acme-sandbox";

    public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
        throw new NotSupportedException("The signer does not resolve endpoints: the request carries its own.");

    private sealed class NoDefaults : IDefaultConfigurationProvider
    {
        public IDefaultConfiguration GetDefaultConfiguration(Amazon.RegionEndpoint clientRegion, DefaultConfigurationMode? requestedDefaultConfigurationMode = null) =>
            throw new NotSupportedException("The signer needs no SDK defaults.");
    }
}
