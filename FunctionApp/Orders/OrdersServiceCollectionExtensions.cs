using FunctionApp.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionApp.Orders;

/// <summary>Registers the order integration: its settings and the connectors of the systems an order touches.</summary>
internal static class OrdersServiceCollectionExtensions
{
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        foreach (var system in new[] { InventoryClient.System, QuickBooksClient.System, SesClient.System, AcmeClient.System })
        {
            services.AddOptions<IntegrationOptions>(system).BindConfiguration($"{IntegrationOptions.SectionName}:{system}");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IntegrationEndpoints>();
        services.AddSingleton<SesRequestSigner>();
        services.AddHttpClient<InventoryClient>().AddConnectorResilience(InventoryClient.System);
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<QuickBooksTokens>();
        services.AddHttpClient(QuickBooksTokens.ClientName).AddConnectorResilience(QuickBooksClient.System);
        services.AddHttpClient<QuickBooksClient>().AddConnectorResilience(QuickBooksClient.System);
        services.AddHttpClient<SesClient>().AddConnectorResilience(SesClient.System);
        services.AddHttpClient<AcmeClient>().AddConnectorResilience(AcmeClient.System);
        return services;
    }
}
