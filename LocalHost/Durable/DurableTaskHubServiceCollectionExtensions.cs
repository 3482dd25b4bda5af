using System.Text.Json;
using FunctionApp;
using LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Options;

namespace LocalHost.Durable;

/// <summary>Registers the Durable engine (<see cref="DurableSidecar"/>), the SDK worker with the app's orchestrators and activities, and the SDK client.</summary>
internal static class DurableTaskHubServiceCollectionExtensions
{
    public static IServiceCollection AddDurableTaskHub(this IServiceCollection services)
    {
        services.AddOptions<DurableTaskOptions>().BindConfiguration(DurableTaskOptions.SectionName);
        services.AddSingleton(sp => TaskHubService.Create(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<DurableTaskOptions>>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<DurableSidecar>();
        // Before the SDK worker, which connects to it.
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());

        services.AddDurableTaskWorker(builder => builder.UseGrpc());
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName).Configure<DurableSidecar>((o, sidecar) => o.Channel = sidecar.Channel);
        services.AddOptions<DurableTaskWorkerOptions>(Options.DefaultName).Configure<IOptions<WorkerOptions>, IOptions<DurableTaskOptions>>((o, worker, durable) =>
        {
            o.DataConverter = new SerializerDataConverter(worker.Value.Serializer!);
            o.Concurrency.MaximumConcurrentActivityWorkItems = durable.Value.MaxConcurrentActivityFunctions;
            o.Concurrency.MaximumConcurrentOrchestrationWorkItems = durable.Value.MaxConcurrentOrchestratorFunctions;
        });
        services.AddOptions<DurableTaskRegistry>(Options.DefaultName).Configure<FunctionCatalog, IServiceProvider>((registry, catalog, sp) =>
        {
            var json = sp.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;
            foreach (var function in catalog.OfKind(TriggerKind.Orchestration))
            {
                registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(function, sp, json));
            }

            foreach (var function in catalog.OfKind(TriggerKind.Activity))
            {
                registry.AddActivity(function.Name, _ => new FunctionActivity(function, sp));
            }
        });

        services.AddDurableTaskClient(builder => builder.UseGrpc());
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName).Configure<DurableSidecar>((o, sidecar) => o.Channel = sidecar.Channel);
        services.AddOptions<DurableTaskClientOptions>(Options.DefaultName).Configure<IOptions<WorkerOptions>>((o, worker) =>
            o.DataConverter = new SerializerDataConverter(worker.Value.Serializer!));
        return services;
    }
}
