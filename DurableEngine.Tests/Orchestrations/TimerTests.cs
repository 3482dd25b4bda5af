using System.Diagnostics;
using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Orchestrations;

public sealed class TimerTests
{
    [Fact]
    public async Task A_durable_timer_fires_no_earlier_than_its_fire_time()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddOrchestrator<string?, DateTime[]>("Sleeper", async (ctx, _) =>
            {
                var fireAt = ctx.CurrentUtcDateTime.AddSeconds(1.5);
                await ctx.CreateTimer(fireAt);
                return [fireAt, ctx.CurrentUtcDateTime];
            }));

        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");
        var done = await host.WaitForCompletionAsync(id);
        clock.Stop();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(20));
        var times = done.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] >= times[0], $"The orchestration resumed at {times[1]:O}, before the timer's fire time {times[0]:O}.");
    }
}
