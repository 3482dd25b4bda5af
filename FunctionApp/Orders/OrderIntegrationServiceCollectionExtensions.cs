using System.Text.Json;
using System.Text.Json.Serialization;
using DurableEngine;
using FunctionApp.Callbacks;
using FunctionApp.Connectors;
using FunctionApp.Orders.Activities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionApp.Orders;

/// <summary>Registers the order integration: the engine, its orchestrator, activities, connectors and completion callbacks.</summary>
internal static class OrderIntegrationServiceCollectionExtensions
{
    /// <summary>Registers the order integration; returns the engine, for integrations built on it to add theirs.</summary>
    public static DurableEngineBuilder AddOrderIntegration(this IServiceCollection services)
    {
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        foreach (var system in new[] { InventoryClient.System, QuickBooksClient.System, SesClient.System, AcmeClient.System })
        {
            services.AddOptions<IntegrationOptions>(system).BindConfiguration($"{IntegrationOptions.SectionName}:{system}");
        }

        services.AddSingleton<IntegrationEndpoints>();
        services.AddSingleton<SesRequestSigner>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallbackUrlPolicy>();
        services.AddHttpClient<InventoryClient>().AddConnectorResilience(InventoryClient.System);
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<QuickBooksTokens>();
        services.AddHttpClient(QuickBooksTokens.ClientName).AddConnectorResilience(QuickBooksClient.System);
        services.AddHttpClient<QuickBooksClient>().AddConnectorResilience(QuickBooksClient.System);
        services.AddHttpClient<SesClient>().AddConnectorResilience(SesClient.System);
        services.AddHttpClient<AcmeClient>().AddConnectorResilience(AcmeClient.System);
        services.AddHttpClient(nameof(CallbackSender)).ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // The policy checks the address the connection goes to; through a proxy, that would be the proxy's.
            UseProxy = false,
            ConnectCallback = provider.GetRequiredService<CallbackUrlPolicy>().ConnectAsync,
        });

        return services.AddDurableEngine(o => o.SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            })
            .AddOrchestrator<PlaceOrderOrchestrator>()
            .AddActivity<CheckInventory>()
            .AddActivity<CreateInvoice>()
            .AddActivity<CreateAcmeOrder>()
            .AddActivity<SendEmail>()
            .AddActivity<NotifyAcme>()
            .AddActivity<TellParentBackOrdered>()
            .AddCompletionObserver<CallbackSender>();
    }
}
