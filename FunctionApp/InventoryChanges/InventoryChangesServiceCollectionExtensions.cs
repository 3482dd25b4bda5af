using FunctionApp.Connectors;
using FunctionApp.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>Registers the queue-driven inventory sync: its settings, the ERP connector, the queues, the batcher and the queue function.</summary>
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
        // The typed client is resolved per call, so the batcher (a singleton) never holds on to one HttpClient.
        services.AddSingleton(sp => new InventoryChangeBatcher(
            (adjustments, cancellationToken) => sp.GetRequiredService<ErpClient>().ApplyAsync(adjustments, cancellationToken),
            sp.GetRequiredService<IOptions<InventoryChangeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InventoryChangeBatcher>>()));
        services.AddSingleton<InventoryChangeConsumer>();
        // The queue name straight from configuration, not from the validated options: writing function.json at publish
        // time (--emit-functions) needs the name only, and no secret is set there.
        services.AddQueueFunction(
            InventoryChangeConsumer.FunctionName,
            sp => sp.GetRequiredService<IConfiguration>()[$"{InventoryChangeOptions.SectionName}:{nameof(InventoryChangeOptions.QueueName)}"] is { Length: > 0 } name
                ? name
                : new InventoryChangeOptions().QueueName,
            InventoryChangeConsumer.HandleAsync);
        return services;
    }

    public static IEndpointRouteBuilder MapInventoryChangesApi(this IEndpointRouteBuilder app) => app.MapInventoryChangesEndpoints();
}
