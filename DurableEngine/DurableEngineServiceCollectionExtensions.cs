using DurableEngine.Dispatch;
using DurableEngine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DurableEngine;

/// <summary>Adds the durable engine to an app.</summary>
public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: its storage (which needs a <c>TableServiceClient</c>, <c>QueueServiceClient</c> and
    /// <c>BlobServiceClient</c> in DI), the client, and the queue dispatchers as a hosted service.
    /// Options bind from the <c>Durable</c> configuration section and are validated at start.
    /// </summary>
    public static DurableEngineBuilder AddDurableEngine(this IServiceCollection services, Action<DurableEngineOptions>? configure = null)
    {
        var registry = new OrchestrationRegistry();
        services.AddOptions<DurableEngineOptions>()
            .BindConfiguration(DurableEngineOptions.SectionName)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .Validate(o => o.VisibilityTimeout >= TimeSpan.FromSeconds(2), "Durable:VisibilityTimeout must be at least 2 seconds.")
            .Validate(o => o.MaxPollingInterval > TimeSpan.Zero, "Durable:MaxPollingInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton<TaskHub>();
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<DispatcherSignals>();
        services.AddSingleton<InstanceChangeNotifier>();
        services.AddSingleton<MessageTransport>();
        services.AddSingleton<OrchestrationProcessor>();
        services.AddSingleton<ActivityProcessor>();
        services.AddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<InstanceStore>(),
            sp.GetRequiredService<MessageTransport>(),
            sp.GetRequiredService<InstanceChangeNotifier>(),
            sp.GetRequiredService<OrchestrationRegistry>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DurableEngineOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new QueueTriggerProcessor(
            sp.GetRequiredService<TaskHub>(),
            sp.GetRequiredService<MessageTransport>(),
            sp.GetRequiredService<OrchestrationProcessor>(),
            sp.GetRequiredService<ActivityProcessor>()));
        services.AddHostedService<DurableWorker>();
        return new DurableEngineBuilder(services, registry);
    }
}
