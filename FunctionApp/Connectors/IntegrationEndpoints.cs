using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FunctionApp.Connectors;

/// <summary>
/// Resolves each system's settings and base URL. A system with no <c>BaseUrl</c> points at the Sandbox this app serves
/// under <c>/sandbox/{system}</c> when the Sandbox is on, on whatever address the app listens on.
/// </summary>
internal sealed class IntegrationEndpoints(IOptionsMonitor<IntegrationOptions> options, IConfiguration configuration, IServer server)
{
    public IntegrationOptions Settings(string system) => options.Get(system);

    public Uri BaseUrl(string system)
    {
        var configured = options.Get(system).BaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        if (!configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            throw new IntegrationException(system, null, $"Integrations:{system}:BaseUrl is not set and the Sandbox is off.");
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new IntegrationException(system, null, "The app's own address is not known yet, so the Sandbox cannot be reached.");
        var self = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (self.Host is "0.0.0.0" or "[::]" or "::")
        {
            self.Host = "127.0.0.1";
        }

        return new Uri(self.Uri, $"sandbox/{system.ToLowerInvariant()}/");
    }
}
