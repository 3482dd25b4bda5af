using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Client;

public sealed class SchedulingTests
{
    private static void RegisterEcho(DurableEngineBuilder e) => e.AddOrchestrator<string, string>("Echo", (_, s) => Task.FromResult(s));

    [Fact]
    public async Task Scheduling_a_caller_chosen_id_twice_throws_InstanceAlreadyExists_naming_the_existing_instance()
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "first", new StartOrchestrationOptions("order-42"));
        await host.WaitForCompletionAsync(id);

        var error = await Assert.ThrowsAsync<InstanceAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "second", new StartOrchestrationOptions("order-42")));

        Assert.Equal("order-42", error.Existing.InstanceId);
        Assert.Equal("Echo", error.Existing.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, error.Existing.RuntimeStatus);
        Assert.Equal("first", error.Existing.ReadInputAs<string>());
        Assert.Equal("first", (await host.Client.GetInstanceAsync(id))!.ReadOutputAs<string>());
    }

    public static TheoryData<string> InvalidIds => new() { "a/b", "", new string('x', 101), "with space", "ends-with-newline\n" };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task Scheduling_with_an_invalid_instance_id_throws_ArgumentException(string invalidId)
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);

        await Assert.ThrowsAsync<ArgumentException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "x", new StartOrchestrationOptions(invalidId)));

        Assert.Empty((await host.Client.QueryInstancesAsync(new OrchestrationQuery())).Instances);
    }

    [Fact]
    public async Task An_id_of_exactly_100_characters_is_accepted()
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);
        var id = new string('x', 100);

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "long", new StartOrchestrationOptions(id));

        Assert.Equal("long", (await host.WaitForCompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_sub_orchestration_with_an_invalid_instance_id_fails_its_parent_with_the_reason()
    {
        await using var host = await EngineHost.StartAsync(e => RegisterEcho(e
            .AddOrchestrator<string, string>("Parent", (ctx, s) => ctx.CallSubOrchestratorAsync<string>("Echo", s, new SubOrchestrationOptions("child/1")))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(ArgumentException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("child/1", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduling_an_unknown_orchestrator_throws_ArgumentException()
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator", "x"));

        Assert.Contains("NoSuchOrchestrator", error.Message, StringComparison.Ordinal);
    }
}
