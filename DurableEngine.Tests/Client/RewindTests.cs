using System.Collections.Concurrent;
using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Client;

public sealed class RewindTests
{
    private static readonly TaskOptions TwoAttempts = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(50)));

    [Fact]
    public async Task Rewinding_a_failed_instance_reruns_only_the_failed_activity_with_its_original_idempotency_key()
    {
        var steps = new Steps();
        await using var host = await EngineHost.StartAsync(e => steps.Register(e)
            .AddOrchestrator<string, string>("Checkout", async (ctx, order) =>
            {
                var prepared = await ctx.CallActivityAsync<string>("Prepare", order);
                return await ctx.CallActivityAsync<string>("Charge", prepared, TwoAttempts);
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Checkout", "order-1");
        var failed = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(2, steps.ChargeKeys.Count);

        steps.Broken = false;
        await host.Client.RewindInstanceAsync(id, "the payment provider is back");
        var done = await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal("order-1 prepared charged", done.ReadOutputAs<string>());
        Assert.Null(done.FailureDetails);
        Assert.Equal(3, steps.ChargeKeys.Count);
        Assert.Single(steps.ChargeKeys.Distinct());
        Assert.Equal(1, steps.PrepareCalls);
    }

    [Fact]
    public async Task Rewinding_a_fan_out_reruns_the_failed_branch_but_not_a_branch_that_succeeded_after_the_failure()
    {
        var steps = new Steps();
        var releaseReserve = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reserveCalls = 0;
        await using var host = await EngineHost.StartAsync(e => steps.Register(e)
            .AddActivity<string, string>("Reserve", async (_, order) =>
            {
                Interlocked.Increment(ref reserveCalls);
                await releaseReserve.Task;
                return order + " reserved";
            })
            .AddOrchestrator<string, string>("Parallel", async (ctx, order) =>
            {
                var both = await Task.WhenAll(ctx.CallActivityAsync<string>("Reserve", order), ctx.CallActivityAsync<string>("Charge", order));
                return string.Join(" + ", both);
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parallel", "order-3");
        await host.WaitForHistoryAsync(id, h => h.OfType<DurableEngine.History.TaskFailed>().Any());
        releaseReserve.SetResult();
        var failed = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        steps.Broken = false;
        await host.Client.RewindInstanceAsync(id);
        var done = await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal("order-3 reserved + order-3 charged", done.ReadOutputAs<string>());
        Assert.Equal(2, steps.ChargeKeys.Count);
        Assert.Single(steps.ChargeKeys.Distinct());
        Assert.Equal(1, Volatile.Read(ref reserveCalls));
    }

    [Fact]
    public async Task Rewinding_a_parent_whose_sub_orchestration_failed_rewinds_the_child_and_both_complete()
    {
        var steps = new Steps();
        await using var host = await EngineHost.StartAsync(e => steps.Register(e)
            .AddOrchestrator<string, string>("Payment", (ctx, prepared) => ctx.CallActivityAsync<string>("Charge", prepared))
            .AddOrchestrator<string, string>("Order", async (ctx, order) =>
            {
                var prepared = await ctx.CallActivityAsync<string>("Prepare", order);
                return await ctx.CallSubOrchestratorAsync<string>("Payment", prepared, new SubOrchestrationOptions(ctx.InstanceId + "-payment"));
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Order", "order-2");
        var failed = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failedChild = await host.Client.GetInstanceAsync(id + "-payment");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failedChild!.RuntimeStatus);

        steps.Broken = false;
        await host.Client.RewindInstanceAsync(id, "fixed");
        var done = await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
        var child = await host.Client.GetInstanceAsync(id + "-payment");

        Assert.Equal("order-2 prepared charged", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal(failedChild.ExecutionId, child.ExecutionId);
        Assert.Equal(2, steps.ChargeKeys.Count);
        Assert.Single(steps.ChargeKeys.Distinct());
        Assert.Equal(1, steps.PrepareCalls);
    }

    [Fact]
    public async Task Rewinding_an_instance_that_has_not_failed_throws_InstanceStateException()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddOrchestrator<string?, string>("Waits", (ctx, _) => ctx.WaitForExternalEvent<string>("Go")));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var running = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.RewindInstanceAsync(id));
        await host.Client.RaiseEventAsync(id, "Go", "done");
        await host.WaitForCompletionAsync(id);
        var completed = await Assert.ThrowsAsync<InstanceStateException>(() => host.Client.RewindInstanceAsync(id));

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.Status);
    }

    /// <summary>A step that always works and a step that fails while <see cref="Broken"/> is set, both counting their calls.</summary>
    private sealed class Steps
    {
        private int _prepareCalls;
        private volatile bool _broken = true;

        public bool Broken { get => _broken; set => _broken = value; }

        public int PrepareCalls => Volatile.Read(ref _prepareCalls);

        public ConcurrentQueue<string> ChargeKeys { get; } = new();

        public DurableEngineBuilder Register(DurableEngineBuilder e) => e
            .AddActivity<string, string>("Prepare", (_, order) =>
            {
                Interlocked.Increment(ref _prepareCalls);
                return Task.FromResult(order + " prepared");
            })
            .AddActivity<string, string>("Charge", (ctx, prepared) =>
            {
                ChargeKeys.Enqueue(ctx.IdempotencyKey);
                return Broken ? throw new InvalidOperationException("payment provider down") : Task.FromResult(prepared + " charged");
            });
    }
}
