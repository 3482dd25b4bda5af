using DurableEngine.History;
using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Client;

public sealed class InstanceLifecycleTests
{
    private static void RegisterWaiter(DurableEngineBuilder e) => e
        .AddOrchestrator<string?, string>("WaitsForGo", async (ctx, _) => "got " + await ctx.WaitForExternalEvent<string>("Go"));

    [Fact]
    public async Task Terminating_a_waiting_instance_ends_it_Terminated_with_the_reason_as_output()
    {
        await using var host = await EngineHost.StartAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, "customer cancelled");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("customer cancelled", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_suspended_instance_keeps_an_event_without_acting_on_it_until_it_is_resumed()
    {
        await using var host = await EngineHost.StartAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.SuspendInstanceAsync(id, "hold on");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "Go", "the event");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaised>().Any());

        var held = await host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, held!.RuntimeStatus);
        Assert.Null(held.SerializedOutput);

        await host.Client.ResumeInstanceAsync(id, "carry on");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("got the event", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Raising_an_event_to_an_unknown_instance_throws_InstanceNotFoundException()
    {
        await using var host = await EngineHost.StartAsync(RegisterWaiter);

        var error = await Assert.ThrowsAsync<InstanceNotFoundException>(() => host.Client.RaiseEventAsync("no-such-instance", "Go", "x"));

        Assert.Equal("no-such-instance", error.InstanceId);
    }

    [Fact]
    public async Task Raising_an_event_to_or_terminating_a_completed_instance_throws_InstanceStateException()
    {
        await using var host = await EngineHost.StartAsync(RegisterWaiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "Go", "once");
        await host.WaitForCompletionAsync(id);

        var raise = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.RaiseEventAsync(id, "Go", "twice"));
        var terminate = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.TerminateInstanceAsync(id, "too late"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, raise.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, terminate.Status);
        var after = await host.Client.GetInstanceAsync(id);
        Assert.Equal("got once", after!.ReadOutputAs<string>());
    }
}
