using System.Text.Json;
using DurableEngine.History;
using DurableEngine.Replay;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableEngine.Tests.Replay;

/// <summary>The replay executor alone: histories built by hand, no storage, no queues.</summary>
public sealed class OrchestrationExecutorTests
{
    private const string InstanceId = "unit-1";
    private static readonly DateTime Start = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly OrchestrationExecutor _executor = new(JsonSerializerOptions.Web, NullLoggerFactory.Instance);

    private static HistoryEvent[] Started(string input) =>
    [
        new OrchestratorStarted { Timestamp = Start },
        new ExecutionStarted("AddTwice", "exec-1", input, null) { Timestamp = Start },
    ];

    [Fact]
    public void A_first_run_schedules_the_first_activity_with_an_idempotency_key_of_instance_and_task()
    {
        var result = _executor.Execute(InstanceId, new AddTwice(), [], Started("1"));

        var scheduled = Assert.IsType<TaskScheduled>(Assert.Single(result.NewActions));
        Assert.Equal(new TaskScheduled(0, "Add", "1", "unit-1:0") { Timestamp = Start }, scheduled);
        Assert.Null(result.Completion);
    }

    [Fact]
    public void Replaying_a_recorded_history_produces_the_same_actions_and_the_same_outcome()
    {
        var history = new List<HistoryEvent>();
        var step1 = _executor.Execute(InstanceId, new AddTwice(), history, Started("1"));
        history.AddRange([.. Started("1"), .. step1.NewActions]);
        var answer1 = new HistoryEvent[] { new OrchestratorStarted { Timestamp = Start.AddSeconds(1) }, new TaskCompleted(0, "11") };
        var step2 = _executor.Execute(InstanceId, new AddTwice(), history, answer1);
        history.AddRange([.. answer1, .. step2.NewActions]);
        var answer2 = new HistoryEvent[] { new OrchestratorStarted { Timestamp = Start.AddSeconds(2) }, new TaskCompleted(1, "21") };
        var step3 = _executor.Execute(InstanceId, new AddTwice(), history, answer2);
        history.AddRange(answer2);

        // The same inputs again: the same decisions.
        var again = _executor.Execute(InstanceId, new AddTwice(), [], Started("1"));
        Assert.Equal(step1.NewActions, again.NewActions);
        var step2Again = _executor.Execute(InstanceId, new AddTwice(), history.Take(3).ToList(), answer1);
        Assert.Equal(step2.NewActions, step2Again.NewActions);

        // The whole history replayed: nothing new to do, the same output.
        var replay = _executor.Execute(InstanceId, new AddTwice(), history, []);
        Assert.Empty(replay.NewActions);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, step3.Completion!.Status);
        Assert.Equal("21", step3.Completion.Result);
        Assert.Equal(step3.Completion, replay.Completion);
        Assert.Equal(new TaskScheduled(1, "Add", "11", "unit-1:1") { Timestamp = Start.AddSeconds(1) }, Assert.Single(step2.NewActions));
    }

    [Fact]
    public void Code_that_schedules_another_activity_than_the_history_records_fails_naming_both()
    {
        IReadOnlyList<HistoryEvent> history =
        [
            .. Started("1"),
            new TaskScheduled(0, "Add", "1", "unit-1:0") { Timestamp = Start },
        ];

        var result = _executor.Execute(InstanceId, new Calls("Subtract"), history, [new OrchestratorStarted { Timestamp = Start }, new TaskCompleted(0, "11")]);

        Assert.Empty(result.NewActions);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion!.Status);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.Completion.Failure!.ErrorType);
        Assert.Contains("'Add'", result.Completion.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Subtract'", result.Completion.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_that_no_longer_schedules_what_the_history_records_fails_as_non_deterministic()
    {
        IReadOnlyList<HistoryEvent> history =
        [
            .. Started("1"),
            new TaskScheduled(0, "Add", "1", "unit-1:0") { Timestamp = Start },
            new OrchestratorStarted { Timestamp = Start.AddSeconds(1) },
            new TaskCompleted(0, "11"),
            new TimerCreated(1, Start.AddMinutes(1)) { Timestamp = Start.AddSeconds(1) },
        ];

        var result = _executor.Execute(InstanceId, new Calls("Add"), history, [new OrchestratorStarted { Timestamp = Start.AddMinutes(1) }, new TimerFired(1, Start.AddMinutes(1))]);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion!.Status);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.Completion.Failure!.ErrorType);
        Assert.Contains("timer", result.Completion.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_in_orchestrator_code_is_a_failed_completion_not_a_throw()
    {
        var result = _executor.Execute(InstanceId, new Throws(), [], Started("1"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion!.Status);
        Assert.Equal("System.InvalidOperationException", result.Completion.Failure!.ErrorType);
        Assert.Equal("bad input 1", result.Completion.Failure.ErrorMessage);
    }

    [Fact]
    public void An_output_that_cannot_be_serialized_is_a_failed_completion_naming_the_reason()
    {
        var result = _executor.Execute(InstanceId, new ReturnsAType(), [], Started("1"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion!.Status);
        Assert.Contains("cannot be serialized", result.Completion.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("System.Type", result.Completion.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>Adds ten to its input twice, one activity at a time.</summary>
    private sealed class AddTwice : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            var once = await context.CallActivityAsync<int>("Add", input);
            return await context.CallActivityAsync<int>("Add", once);
        }
    }

    /// <summary>Calls one activity and returns its result.</summary>
    private sealed class Calls(string activity) : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int input) => context.CallActivityAsync<int>(activity, input);
    }

    private sealed class ReturnsAType : TaskOrchestrator<int, object>
    {
        public override Task<object> RunAsync(TaskOrchestrationContext context, int input) => Task.FromResult<object>(new { Kind = typeof(int) });
    }

    private sealed class Throws : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int input) => throw new InvalidOperationException($"bad input {input}");
    }
}
