using System.Diagnostics;
using LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bench;

/// <summary>
/// Instances per second of a three-activity orchestration with a fixed number in flight, on LocalHost's engine (the
/// Azure Storage provider and the Durable Task Framework's dispatchers), the orchestration being the bench's own function.
/// </summary>
internal sealed record EngineThroughput(int Instances, int InFlight, double InstancesPerSecond, double MeanSeconds, int DeferredStarts)
{
    public static async Task<EngineThroughput> MeasureAsync(string connectionString, BenchOptions options)
    {
        await using var app = new BenchApp(connectionString, "BenchHub", services: services =>
            services.AddSingleton(FunctionCatalog.Discover(typeof(FunctionApp.IntegrationApp).Assembly, typeof(ThreeSteps).Assembly)));
        app.StartClient().Dispose();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await using var completions = new CompletionWatch(client);

        // Warm up: create the hub's tables and queues, JIT the paths.
        await completions.WaitAsync(await client.ScheduleNewOrchestrationInstanceAsync(nameof(ThreeSteps), 0));

        var gate = new SemaphoreSlim(options.InFlight);
        var durations = new List<double>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Instances).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var started = Stopwatch.GetTimestamp();
                var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ThreeSteps), i);
                var done = await completions.WaitAsync(id);
                if (done.ReadOutputAs<int>() != i + 3)
                {
                    throw new InvalidOperationException($"Instance {id} gave {done.SerializedOutput}.");
                }

                lock (durations)
                {
                    durations.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var elapsed = sw.Elapsed.TotalSeconds;
        return new EngineThroughput(options.Instances, options.InFlight, options.Instances / elapsed, durations.Average(), app.DeferredStarts.Count);
    }
}

/// <summary>The bench's orchestration: three activities in a row.</summary>
internal sealed class ThreeSteps
{
    [Function(nameof(ThreeSteps))]
    public async Task<int> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, int n)
    {
        n = await context.CallActivityAsync<int>(nameof(Step), n);
        n = await context.CallActivityAsync<int>(nameof(Step), n);
        return await context.CallActivityAsync<int>(nameof(Step), n);
    }

    [Function(nameof(Step))]
    public int Step([ActivityTrigger] int n) => n + 1;
}
