using System.Text.Json;
using Azure.Core.Serialization;
using FunctionApp.Callbacks;
using FunctionApp.Console;
using FunctionApp.Hosting;
using FunctionApp.InventoryChanges;
using FunctionApp.OrderBatches;
using FunctionApp.Orders;
using FunctionApp.Security;
using FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp;

/// <summary>The app's services, registered the same way by every host that runs its functions.</summary>
public static class IntegrationApp
{
    /// <summary>
    /// Registers everything the functions need: storage clients, the connectors of every third-party system with their
    /// resilience pipelines, each feature's options (validated at start), and the JSON serializer of function payloads,
    /// Durable inputs and outputs, and OpenTelemetry (exported where <paramref name="configuration"/> says). The Functions
    /// host calls this from <c>Program.cs</c>; LocalHost calls it too.
    /// </summary>
    public static IServiceCollection AddIntegrationApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(AppJson.Options));
        services.Configure<JsonSerializerOptions>(o => AppJson.CopyTo(o));
        services.AddProblemDetails();
        services.AddFunctionStorage();
        services.AddKeySafeLogging();
        services.AddCallbacks();
        services.AddOrders();
        services.AddOrderBatches();
        services.AddSyncIntegrations();
        services.AddInventoryChanges();
        services.AddIntegrationTelemetry(configuration);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName)
            .Validate(o => o.HasValidTraceUrl(), $"Console:TraceUrl must be an absolute http(s) URL with {ConsoleOptions.TraceIdPlaceholder} in it, or empty.")
            .ValidateOnStart();
        return services;
    }
}
