using System.Collections.Concurrent;
using DurableEngine.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableEngine.Tests.Dispatch;

public sealed class ConcurrentWorkerTests
{
    [Fact]
    public async Task Two_workers_on_one_hub_complete_every_instance_with_each_activity_result_applied_once()
    {
        var executions = new ConcurrentDictionary<(string InstanceId, string Key), int>();
        var logs = new LogCollector(LogLevel.Error);
        void Register(DurableEngineBuilder e) => e
            .AddActivity<int, int>("Add", (ctx, n) => Run(ctx, n + 1))
            .AddActivity<int, int>("Double", (ctx, n) => Run(ctx, n * 2))
            .AddActivity<int, int>("Square", (ctx, n) => Run(ctx, n * n))
            .AddOrchestrator<int, int>("FanOut", async (ctx, n) =>
            {
                var results = await Task.WhenAll(
                    ctx.CallActivityAsync<int>("Add", n),
                    ctx.CallActivityAsync<int>("Double", n),
                    ctx.CallActivityAsync<int>("Square", n));
                return results.Sum();
            });
        Task<int> Run(TaskActivityContext ctx, int result)
        {
            executions.AddOrUpdate((ctx.InstanceId, ctx.IdempotencyKey), 1, (_, c) => c + 1);
            return Task.FromResult(result);
        }

        // A low delivery limit: a worker that loses a race for an instance must not spend its messages' deliveries on it.
        void Configure(DurableEngineOptions o) => o.MaxDequeueCount = 2;
        var hub = EngineHost.NewHubName();
        await using var one = await EngineHost.StartAsync(Register, Configure, hub, s => s.AddSingleton<ILoggerProvider>(logs));
        await using var two = await EngineHost.StartAsync(Register, Configure, hub, s => s.AddSingleton<ILoggerProvider>(logs));

        var ids = new List<string>();
        for (var n = 0; n < 30; n++)
        {
            var client = n % 2 == 0 ? one.Client : two.Client;
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync("FanOut", n, new StartOrchestrationOptions($"fan-{n:00}")));
        }

        var results = new List<OrchestrationMetadata>();
        foreach (var id in ids)
        {
            results.Add(await one.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60)));
        }

        for (var n = 0; n < 30; n++)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, results[n].RuntimeStatus);
            Assert.Equal((n + 1) + (n * 2) + (n * n), results[n].ReadOutputAs<int>());
            var keys = executions.Keys.Where(k => k.InstanceId == ids[n]).Select(k => k.Key).Order();
            Assert.Equal([$"{ids[n]}:0", $"{ids[n]}:1", $"{ids[n]}:2"], keys);
        }

        Assert.Empty(logs.Entries);
    }
}
