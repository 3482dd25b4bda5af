using Microsoft.Extensions.DependencyInjection;

namespace DurableEngine;

/// <summary>The orchestrators and activities this process can run, by name.</summary>
internal sealed class OrchestrationRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> OrchestratorNames => _orchestrators.Keys;

    public IEnumerable<string> ActivityNames => _activities.Keys;

    public void AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory) => Add(_orchestrators, name, factory, "orchestrator");

    public void AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory) => Add(_activities, name, factory, "activity");

    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    public ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    public ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    internal static Func<IServiceProvider, T> FromType<T>(Type type) where T : class =>
        services => (T)ActivatorUtilities.CreateInstance(services, type);

    private static void Add<T>(Dictionary<string, T> map, string name, T factory, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, factory))
        {
            throw new InvalidOperationException($"An {kind} named '{name}' is already registered.");
        }
    }
}
