using System.Collections.Concurrent;
using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Orchestrations;

public sealed class OrchestrationBehaviourTests
{
    [Fact]
    public async Task Sequence_of_activities_completes_with_the_output_of_the_orchestrator()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<string, string>("Upper", (_, s) => Task.FromResult(s.ToUpperInvariant()))
            .AddActivity<string, string>("Exclaim", (_, s) => Task.FromResult(s + "!"))
            .AddOrchestrator<string, string>("Shout", async (ctx, name) =>
            {
                var upper = await ctx.CallActivityAsync<string>("Upper", name);
                var loud = await ctx.CallActivityAsync<string>("Exclaim", upper);
                return await ctx.CallActivityAsync<string>("Exclaim", loud);
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Shout", "hello");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("HELLO!!", done.ReadOutputAs<string>());
        Assert.Equal("\"hello\"", done.SerializedInput);
    }

    [Fact]
    public async Task Fan_out_fan_in_sums_the_results_of_parallel_activities()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<int, int>("Square", (_, n) => Task.FromResult(n * n))
            .AddOrchestrator<int, int>("SumOfSquares", async (ctx, count) =>
            {
                var tasks = Enumerable.Range(1, count).Select(i => ctx.CallActivityAsync<int>("Square", i));
                var squares = await Task.WhenAll(tasks);
                return squares.Sum();
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("SumOfSquares", 150);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 150).Sum(i => i * i), done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Failing_activity_is_retried_with_the_same_idempotency_key_until_it_succeeds()
    {
        var keys = new ConcurrentBag<string>();
        var calls = 0;
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<string, string>("Flaky", (ctx, s) =>
            {
                keys.Add(ctx.IdempotencyKey);
                return Interlocked.Increment(ref calls) <= 2 ? throw new InvalidOperationException("down") : Task.FromResult(s);
            })
            .AddOrchestrator<string, string>("Retrying", (ctx, s) =>
                ctx.CallActivityAsync<string>("Flaky", s, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(100))))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "ok");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, calls);
        Assert.Single(keys.Distinct());
    }

    [Fact]
    public async Task Activity_failing_past_its_retries_fails_the_instance_with_the_reason()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<string, string>("Broken", (_, _) => throw new InvalidOperationException("QuickBooks says no"))
            .AddOrchestrator<string, string>("WillFail", (ctx, s) =>
                ctx.CallActivityAsync<string>("Broken", s, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(50))))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WillFail", "x");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("QuickBooks says no", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task External_event_wakes_a_waiting_instance_and_an_unanswered_wait_times_out()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddOrchestrator<string, string>("Waiter", async (ctx, _) =>
            {
                var answer = await ctx.WaitForExternalEvent<string>("Answer");
                try
                {
                    await ctx.WaitForExternalEvent<string>("Never", TimeSpan.FromMilliseconds(300));
                    return "unexpected";
                }
                catch (TimeoutException)
                {
                    return answer + ", then timed out";
                }
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "Answer", "42");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("42, then timed out", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestration_output_flows_back_to_the_parent()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestrator<int, int>("Child", (ctx, n) => ctx.CallActivityAsync<int>("Double", n))
            .AddOrchestrator<int, int>("Parent", async (ctx, n) =>
            {
                var a = await ctx.CallSubOrchestratorAsync<int>("Child", n);
                var b = await ctx.CallSubOrchestratorAsync<int>("Child", a);
                return a + b;
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 5);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(30, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Continue_as_new_restarts_with_the_new_input_until_done()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<int, int>("Increment", (_, n) => Task.FromResult(n + 1))
            .AddOrchestrator<int, int>("Counter", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Increment", n);
                if (next < 5)
                {
                    ctx.ContinueAsNew(next);
                }

                return next;
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.Equal("4", done.SerializedInput);
    }

    [Fact]
    public async Task Payloads_over_the_queue_and_table_limits_round_trip_through_blobs()
    {
        var big = new string('x', 200_000);
        await using var host = await EngineHost.StartAsync(e => e
            .AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s + "y"))
            .AddOrchestrator<string, string>("Big", async (ctx, s) =>
            {
                ctx.SetCustomStatus(s.Length);
                return await ctx.CallActivityAsync<string>("Echo", s);
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Big", big);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(big + "y", done.ReadOutputAs<string>());
        Assert.Equal(big, done.ReadInputAs<string>());
    }
}
