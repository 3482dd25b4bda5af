using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DevStorage;
using DurableEngine.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableEngine.Tests.Infrastructure;

/// <summary>A worker process of the engine against the shared Azurite, on a task hub of its own.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHost(IHost host, string hubName)
    {
        _host = host;
        HubName = hubName;
    }

    public string HubName { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => _host.Services;

    public static string NewHubName() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<EngineHost> StartAsync(
        Action<DurableEngineBuilder> register,
        Action<DurableEngineOptions>? configure = null,
        string? hubName = null,
        Action<IServiceCollection>? services = null)
    {
        var azurite = await SharedAzurite.GetAsync();
        hubName ??= NewHubName();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new TableServiceClient(azurite.ConnectionString));
        builder.Services.AddSingleton(new QueueServiceClient(azurite.ConnectionString));
        builder.Services.AddSingleton(new BlobServiceClient(azurite.ConnectionString));
        services?.Invoke(builder.Services);
        var engine = builder.Services.AddDurableEngine(o =>
        {
            o.TaskHubName = hubName;
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        });
        register(engine);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host, hubName);
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, cts.Token);
    }

    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var state = await Client.GetInstanceAsync(instanceId);
            if (state is not null && condition(state))
            {
                return state;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {instanceId} did not reach the expected state; last seen: {state?.RuntimeStatus}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls the instance's current history until it satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var history = await Client.GetHistoryAsync(instanceId, CancellationToken.None);
            if (condition(history))
            {
                return history;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The history of {instanceId} did not reach the expected shape; last seen: {string.Join(", ", history.Select(e => e.GetType().Name))}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
