using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Storage;

public sealed class TaskHubIsolationTests
{
    [Fact]
    public async Task Two_hubs_on_one_storage_account_run_instances_with_the_same_id_independently()
    {
        static void Register(DurableEngineBuilder e) => e
            .AddActivity<string, string>("Label", (_, s) => Task.FromResult("[" + s + "]"))
            .AddOrchestrator<string, string>("Labelled", async (ctx, s) =>
            {
                var label = await ctx.CallActivityAsync<string>("Label", s);
                return label + await ctx.WaitForExternalEvent<string>("Go");
            });
        await using var red = await EngineHost.StartAsync(Register);
        await using var blue = await EngineHost.StartAsync(Register);
        const string id = "same-id-in-both-hubs";

        await red.Client.ScheduleNewOrchestrationInstanceAsync("Labelled", "red", new StartOrchestrationOptions(id));
        await blue.Client.ScheduleNewOrchestrationInstanceAsync("Labelled", "blue", new StartOrchestrationOptions(id));
        await red.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await blue.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await blue.Client.RaiseEventAsync(id, "Go", "!");
        var blueDone = await blue.WaitForCompletionAsync(id);
        Assert.Equal("[blue]!", blueDone.ReadOutputAs<string>());
        Assert.True(await blue.Client.PurgeInstanceAsync(id));

        var redStill = await red.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, redStill!.RuntimeStatus);
        Assert.Equal("red", redStill.ReadInputAs<string>());

        await red.Client.TerminateInstanceAsync(id, "stop red");
        var redDone = await red.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, redDone.RuntimeStatus);
        Assert.Null(await blue.Client.GetInstanceAsync(id));
    }
}
