using Microsoft.Extensions.DependencyInjection;

namespace DurableEngine;

/// <summary>Registers the orchestrators, activities and completion observers of the app.</summary>
public sealed class DurableEngineBuilder
{
    private readonly OrchestrationRegistry _registry;

    internal DurableEngineBuilder(IServiceCollection services, OrchestrationRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds an orchestrator class, named after the class unless <paramref name="name"/> is given.</summary>
    public DurableEngineBuilder AddOrchestrator<TOrchestrator>(string? name = null) where TOrchestrator : class, ITaskOrchestrator
    {
        _registry.AddOrchestrator(name ?? typeof(TOrchestrator).Name, OrchestrationRegistry.FromType<ITaskOrchestrator>(typeof(TOrchestrator)));
        return this;
    }

    /// <summary>Adds an activity class, resolved from DI for each call, named after the class unless <paramref name="name"/> is given.</summary>
    public DurableEngineBuilder AddActivity<TActivity>(string? name = null) where TActivity : class, ITaskActivity
    {
        _registry.AddActivity(name ?? typeof(TActivity).Name, OrchestrationRegistry.FromType<ITaskActivity>(typeof(TActivity)));
        return this;
    }

    /// <summary>Adds an orchestrator written as a function.</summary>
    public DurableEngineBuilder AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        var instance = new FunctionOrchestrator<TInput, TOutput>(orchestrator);
        _registry.AddOrchestrator(name, _ => instance);
        return this;
    }

    /// <summary>Adds an activity written as a function.</summary>
    public DurableEngineBuilder AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        var instance = new FunctionActivity<TInput, TOutput>(activity);
        _registry.AddActivity(name, _ => instance);
        return this;
    }

    /// <summary>Adds an observer told, durably and at least once, of every instance that reaches a final status.</summary>
    public DurableEngineBuilder AddCompletionObserver<TObserver>() where TObserver : class, IOrchestrationCompletionObserver
    {
        Services.AddSingleton<IOrchestrationCompletionObserver, TObserver>();
        return this;
    }

    private sealed class FunctionOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FunctionActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken) => run(context, input);
    }
}
