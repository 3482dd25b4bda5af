using FunctionApp.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>Registers the queue-driven inventory sync: its settings, the ERP connector, the queues and the batcher.</summary>
internal static class InventoryChangesServiceCollectionExtensions
{
    public static IServiceCollection AddInventoryChanges(this IServiceCollection services)
    {
        services.AddOptions<InventoryChangeOptions>().BindConfiguration(InventoryChangeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IntegrationOptions>(ErpClient.System).BindConfiguration($"{IntegrationOptions.SectionName}:{ErpClient.System}");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IntegrationEndpoints>();
        services.AddHttpClient<ErpClient>().AddConnectorResilience(ErpClient.System);

        services.AddSingleton<InventoryChangeQueues>();
        services.AddHostedService<Telemetry.InventoryQueueGauges>();
        // The typed client is resolved per call, so the batcher (a singleton) never holds on to one HttpClient.
        services.AddSingleton(sp => new InventoryChangeBatcher(
            (adjustments, cancellationToken) => sp.GetRequiredService<ErpClient>().ApplyAsync(adjustments, cancellationToken),
            sp.GetRequiredService<IOptions<InventoryChangeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InventoryChangeBatcher>>()));
        return services;
    }
}
