using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FunctionApp.Connectors;

/// <summary>
/// Resolves each system's settings and base URL. A system with no <c>BaseUrl</c> of its own points at a Sandbox, under
/// <c>sandbox/{system, lower-cased}/</c>: the one at <c>Sandbox:BaseUrl</c> when that is set (a Sandbox run on its own,
/// <c>dotnet run --project Sandbox</c>, as under <c>func start</c>, whose host serves none), else the one this app serves
/// when <c>Sandbox:Enabled</c>, on whatever address the app listens on.
/// </summary>
internal sealed class IntegrationEndpoints(IOptionsMonitor<IntegrationOptions> options, IConfiguration configuration, IServer server)
{
    public const string SandboxBaseUrlSetting = "Sandbox:BaseUrl";

    public IntegrationOptions Settings(string system) => options.Get(system);

    public Uri BaseUrl(string system)
    {
        var configured = options.Get(system).BaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        if (configuration[SandboxBaseUrlSetting] is { } sandbox && !string.IsNullOrWhiteSpace(sandbox))
        {
            return Uri.TryCreate(sandbox.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var standalone) && (standalone.Scheme == Uri.UriSchemeHttp || standalone.Scheme == Uri.UriSchemeHttps)
                ? new Uri(standalone, SandboxPath(system))
                : throw new IntegrationException(system, null, $"{SandboxBaseUrlSetting} is '{sandbox}', which is not an absolute http or https URL.");
        }

        if (!configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            throw new IntegrationException(
                system,
                null,
                $"Integrations:{system}:BaseUrl is not set, nor is {SandboxBaseUrlSetting} (a Sandbox run on its own, such as http://127.0.0.1:7072), and this app's Sandbox is off (Sandbox:Enabled).");
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new IntegrationException(system, null, $"The app's own address is not known yet, so its Sandbox cannot be reached; {SandboxBaseUrlSetting} names one that can.");
        var self = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (self.Host is "0.0.0.0" or "[::]" or "::")
        {
            self.Host = "127.0.0.1";
        }

        return new Uri(self.Uri, SandboxPath(system));
    }

    private static string SandboxPath(string system) => $"sandbox/{system.ToLowerInvariant()}/";
}
