using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableEngine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bench;

/// <summary>Instances per second of a three-activity orchestration, with a fixed number of instances in flight.</summary>
internal sealed record EngineThroughput(int Instances, int InFlight, double InstancesPerSecond, double MeanSeconds)
{
    public static async Task<EngineThroughput> MeasureAsync(string connectionString, BenchOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new TableServiceClient(connectionString));
        builder.Services.AddSingleton(new QueueServiceClient(connectionString));
        builder.Services.AddSingleton(new BlobServiceClient(connectionString));
        builder.Services.AddDurableEngine(o => o.TaskHubName = "BenchHub")
            .AddActivity<int, int>("Step", (_, n) => Task.FromResult(n + 1))
            .AddOrchestrator<int, int>("ThreeSteps", async (ctx, n) =>
            {
                n = await ctx.CallActivityAsync<int>("Step", n);
                n = await ctx.CallActivityAsync<int>("Step", n);
                return await ctx.CallActivityAsync<int>("Step", n);
            });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Warm up: create the hub's tables and queues, JIT the paths.
        await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync("ThreeSteps", 0));

        var gate = new SemaphoreSlim(options.InFlight);
        var durations = new List<double>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Instances).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var started = Stopwatch.GetTimestamp();
                var id = await client.ScheduleNewOrchestrationInstanceAsync("ThreeSteps", i);
                var done = await client.WaitForInstanceCompletionAsync(id);
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
        await host.StopAsync();
        return new EngineThroughput(options.Instances, options.InFlight, options.Instances / elapsed, durations.Average());
    }
}
