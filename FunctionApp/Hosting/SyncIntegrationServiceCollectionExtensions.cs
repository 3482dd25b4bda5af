using FunctionApp.Connectors;
using FunctionApp.Credit;
using FunctionApp.Customers;
using FunctionApp.Inventory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionApp.Hosting;

/// <summary>
/// The synchronous integrations (request-reply, never rerun): inventory count, consolidated customer, credit check.
/// </summary>
internal static class SyncIntegrationServiceCollectionExtensions
{
    public static IServiceCollection AddSyncIntegrations(this IServiceCollection services)
    {
        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CustomerOptions>().BindConfiguration(CustomerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CreditOptions>().BindConfiguration(CreditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Named options keyed by the system's name (its Sandbox path), bound from a section name that is valid in an
        // environment variable (Integrations__CrmA__BaseUrl).
        foreach (var (system, section) in new[]
        {
            (CrmAClient.System, CrmAClient.SettingsSection),
            (CrmBClient.System, CrmBClient.SettingsSection),
            (CrmCClient.System, CrmCClient.SettingsSection),
            (CreditBureauClient.System, CreditBureauClient.SettingsSection),
        })
        {
            // Short retry delays by default, so the retries of a fast failure fit in a budget of a second or two.
            services.AddOptions<IntegrationOptions>(system)
                .Configure(o => o.RetryDelay = TimeSpan.FromMilliseconds(100))
                .BindConfiguration($"{IntegrationOptions.SectionName}:{section}");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IntegrationEndpoints>();
        services.AddHybridCache();
        services.AddHttpClient<InventoryClient>();
        // The standard pipeline, as on every connector; the endpoint's budget still bounds the whole call, so a retry
        // happens only when a fast failure (a 503, a refused connection) leaves time for one.
        services.AddHttpClient<CrmAClient>().AddConnectorResilience(CrmAClient.System);
        services.AddHttpClient<CrmBClient>().AddConnectorResilience(CrmBClient.System);
        services.AddHttpClient<CrmCClient>().AddConnectorResilience(CrmCClient.System);
        services.AddHttpClient<CreditBureauClient>().AddConnectorResilience(CreditBureauClient.System);
        services.AddScoped<CustomerDirectory>();
        return services;
    }
}
