using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Replay;

public sealed class DeterminismTests
{
    [Fact]
    public async Task An_orchestrator_changed_while_an_instance_waits_fails_the_instance_naming_the_mismatch()
    {
        var hub = EngineHost.NewHubName();
        string id;
        await using (var v1 = await EngineHost.StartAsync(
            e => e
                .AddActivity<string, string>("A", (_, s) => Task.FromResult(s + "a"))
                .AddOrchestrator<string, string>("Evolving", async (ctx, s) =>
                {
                    var a = await ctx.CallActivityAsync<string>("A", s);
                    ctx.SetCustomStatus("waiting");
                    return a + await ctx.WaitForExternalEvent<string>("Go");
                }),
            hubName: hub))
        {
            id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Evolving", "x");
            await v1.WaitForStatusAsync(id, s => s.ReadCustomStatusAs<string>() == "waiting");
        }

        await using var v2 = await EngineHost.StartAsync(
            e => e
                .AddActivity<string, string>("A", (_, s) => Task.FromResult(s + "a"))
                .AddActivity<string, string>("B", (_, s) => Task.FromResult(s + "b"))
                .AddOrchestrator<string, string>("Evolving", async (ctx, s) =>
                {
                    var b = await ctx.CallActivityAsync<string>("B", s);
                    var a = await ctx.CallActivityAsync<string>("A", b);
                    return a + await ctx.WaitForExternalEvent<string>("Go");
                }),
            hubName: hub);
        await v2.Client.RaiseEventAsync(id, "Go", "!");
        var done = await v2.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("NonDeterministic", done.FailureDetails!.ErrorType, StringComparison.Ordinal);
        Assert.Contains("'A'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'B'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }
}
