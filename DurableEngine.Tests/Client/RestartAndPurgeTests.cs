using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Client;

public sealed class RestartAndPurgeTests
{
    private sealed class Runs
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public DurableEngineBuilder Register(DurableEngineBuilder e) => e
            .AddActivity<string, int>("CountRun", (_, _) => Task.FromResult(Interlocked.Increment(ref _count)))
            .AddOrchestrator<string, string>("Greet", async (ctx, name) =>
            {
                var run = await ctx.CallActivityAsync<int>("CountRun", name);
                return $"hello {name}, run {run}";
            })
            .AddOrchestrator<string?, string>("Waits", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"));
    }

    [Fact]
    public async Task Restarting_under_a_new_id_runs_the_orchestration_again_with_the_same_input()
    {
        var runs = new Runs();
        await using var host = await EngineHost.StartAsync(e => runs.Register(e));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Greet", "ada");
        var first = await host.WaitForCompletionAsync(id);

        var newId = await host.Client.RestartInstanceAsync(id);
        var second = await host.WaitForCompletionAsync(newId);

        Assert.NotEqual(id, newId);
        Assert.Equal("hello ada, run 1", first.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal("hello ada, run 2", second.ReadOutputAs<string>());
        Assert.Equal(first.SerializedInput, second.SerializedInput);
        Assert.Equal("hello ada, run 1", (await host.Client.GetInstanceAsync(id))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Restarting_a_finished_instance_under_its_own_id_starts_a_new_execution_with_the_same_input()
    {
        var runs = new Runs();
        await using var host = await EngineHost.StartAsync(e => runs.Register(e));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Greet", "grace", new StartOrchestrationOptions("greet-grace"));
        var first = await host.WaitForCompletionAsync(id);

        var sameId = await host.Client.RestartInstanceAsync(id, restartWithNewInstanceId: false);
        var second = await host.WaitForStatusAsync(
            id, s => s.ExecutionId != first.ExecutionId && s.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal(id, sameId);
        Assert.Equal("hello grace, run 2", second.ReadOutputAs<string>());
        Assert.Equal(first.SerializedInput, second.SerializedInput);
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public async Task Restarting_a_running_instance_under_its_own_id_throws_InstanceStateException()
    {
        await using var host = await EngineHost.StartAsync(e => new Runs().Register(e));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var error = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.RestartInstanceAsync(id, restartWithNewInstanceId: false));

        Assert.Equal(OrchestrationRuntimeStatus.Running, error.Status);
    }

    [Fact]
    public async Task Purging_a_finished_instance_removes_it_and_purging_a_running_one_throws()
    {
        await using var host = await EngineHost.StartAsync(e => new Runs().Register(e));
        var finished = await host.Client.ScheduleNewOrchestrationInstanceAsync("Greet", "linus");
        await host.WaitForCompletionAsync(finished);
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await host.WaitForStatusAsync(running, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        Assert.True(await host.Client.PurgeInstanceAsync(finished));
        var error = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.PurgeInstanceAsync(running));

        Assert.Null(await host.Client.GetInstanceAsync(finished));
        var listed = await host.Client.QueryInstancesAsync(new OrchestrationQuery());
        Assert.DoesNotContain(listed.Instances, i => i.InstanceId == finished);
        Assert.Equal(OrchestrationRuntimeStatus.Running, error.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);
    }

    [Fact]
    public async Task Purging_an_unknown_instance_returns_false()
    {
        await using var host = await EngineHost.StartAsync(e => new Runs().Register(e));

        Assert.False(await host.Client.PurgeInstanceAsync("never-scheduled"));
    }
}
