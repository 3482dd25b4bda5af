using System.Text.Json;
using Azure.Storage.Queues;
using DurableEngine.Storage;
using DurableEngine.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DurableEngine.Tests.Dispatch;

public sealed class PoisonMessageTests
{
    private static void RegisterEcho(DurableEngineBuilder e) => e
        .AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s))
        .AddOrchestrator<string, string>("EchoTwice", async (ctx, s) => await ctx.CallActivityAsync<string>("Echo", s) + await ctx.CallActivityAsync<string>("Echo", s));

    [Fact]
    public async Task Undecodable_messages_on_a_control_queue_go_to_the_poison_queue_with_a_reason_and_the_worker_goes_on()
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);
        var control = await QueueAsync(host, "control-00");
        string[] garbage =
        [
            "this is not json",
            """{"kind":"telegram","to":"nobody"}""",
            """{"kind":"orchestration"}""",
            """{"kind":"orchestration","instanceId":"a/b","executionId":null,"event":{"type":"EventRaised","name":"Go","input":null,"messageId":"m"},"messageId":"m"}""",
            """{"kind":"orchestration","instanceId":"x1","executionId":null,"event":{"type":"Teleported"},"messageId":"m"}""",
            """{"kind":"activity","instanceId":"x1","executionId":"e","taskId":0,"name":"Echo","input":null,"idempotencyKey":"k"}""",
        ];
        foreach (var text in garbage)
        {
            await control.SendMessageAsync(text);
        }

        var records = await WaitForPoisonAsync(host, garbage.Length);

        Assert.Equal(garbage.Order(), records.Select(r => r.Message).Order());
        Assert.All(records, r => Assert.Equal(control.Name, r.Queue));
        Assert.All(records, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        await AssertWorkerGoesOnAsync(host, partition: 0);
    }

    [Fact]
    public async Task Undecodable_or_misplaced_messages_on_the_work_item_queue_go_to_the_poison_queue_and_the_worker_goes_on()
    {
        await using var host = await EngineHost.StartAsync(RegisterEcho);
        var workItems = await QueueAsync(host, "workitems");
        string[] garbage =
        [
            "{{{ definitely not json",
            """{"kind":"mystery"}""",
            """{"kind":"activity"}""",
            """{"kind":"orchestration","instanceId":"x2","executionId":null,"event":{"type":"EventRaised","name":"Go","input":null,"messageId":"m"},"messageId":"m"}""",
        ];
        foreach (var text in garbage)
        {
            await workItems.SendMessageAsync(text);
        }

        var records = await WaitForPoisonAsync(host, garbage.Length);

        Assert.Equal(garbage.Order(), records.Select(r => r.Message).Order());
        Assert.All(records, r => Assert.Equal(workItems.Name, r.Queue));
        Assert.All(records, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        await AssertWorkerGoesOnAsync(host, partition: null);
    }

    [Fact]
    public async Task An_activity_input_that_cannot_be_read_as_the_activity_input_type_fails_the_instance_with_the_reason()
    {
        await using var host = await EngineHost.StartAsync(e => RegisterEcho(e
            .AddActivity<int, int>("Square", (_, n) => Task.FromResult(n * n))
            .AddOrchestrator<string, int>("SquaresText", (ctx, s) => ctx.CallActivityAsync<int>("Square", s))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("SquaresText", "seven");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(JsonException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("Int32", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        await AssertWorkerGoesOnAsync(host, partition: null);
    }

    [Fact]
    public async Task An_activity_that_cannot_be_constructed_fails_the_instance_with_the_reason()
    {
        await using var host = await EngineHost.StartAsync(e => RegisterEcho(e
            .AddActivity<Unconstructible>()
            .AddOrchestrator<string, string>("UsesUnconstructible", (ctx, s) => ctx.CallActivityAsync<string>(nameof(Unconstructible), s))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("UsesUnconstructible", "x");
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("the connector is not configured", Describe(done.FailureDetails!), StringComparison.Ordinal);
        await AssertWorkerGoesOnAsync(host, partition: null);
    }

    [Fact]
    public async Task An_activity_message_whose_workers_keep_dying_is_poisoned_past_the_delivery_limit_and_fails_the_instance()
    {
        var hub = EngineHost.NewHubName();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var laterCalls = 0;
        string id;
        try
        {
            // The first worker takes the activity and "dies" with it: it is stopped while the activity hangs.
            await using (var dying = await EngineHost.StartAsync(
                e => RegisterEcho(e
                    .AddActivity<string, string>("Hangs", (_, _) =>
                    {
                        started.TrySetResult();
                        return never.Task;
                    })
                    .AddOrchestrator<string, string>("CallsHangs", (ctx, s) => ctx.CallActivityAsync<string>("Hangs", s))),
                o => { o.VisibilityTimeout = TimeSpan.FromSeconds(2); o.MaxDequeueCount = 1; },
                hub))
            {
                id = await dying.Client.ScheduleNewOrchestrationInstanceAsync("CallsHangs", "x");
                await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

                // Let the worker finish its bookkeeping, so the next worker does not send the activity again from the outbox.
                var store = dying.Services.GetRequiredService<InstanceStore>();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while ((await store.ReadStateAsync(id, CancellationToken.None))!.HasUnsentOutbox && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }

            await using var next = await EngineHost.StartAsync(
                e => RegisterEcho(e
                    .AddActivity<string, string>("Hangs", (_, s) =>
                    {
                        Interlocked.Increment(ref laterCalls);
                        return Task.FromResult(s);
                    })
                    .AddOrchestrator<string, string>("CallsHangs", (ctx, s) => ctx.CallActivityAsync<string>("Hangs", s))),
                o => { o.VisibilityTimeout = TimeSpan.FromSeconds(2); o.MaxDequeueCount = 1; },
                hub);
            var done = await next.WaitForCompletionAsync(id);
            var records = await WaitForPoisonAsync(next, 1);

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            Assert.Equal("PoisonMessage", done.FailureDetails!.ErrorType);
            Assert.Contains("deliveries", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
            Assert.Equal(next.HubName.ToLowerInvariant() + "-workitems", Assert.Single(records).Queue);
            Assert.Equal(0, Volatile.Read(ref laterCalls));
            await AssertWorkerGoesOnAsync(next, partition: null);
        }
        finally
        {
            never.TrySetResult("released");
        }
    }

    private static async Task<QueueClient> QueueAsync(EngineHost host, string suffix)
    {
        var queue = host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{host.HubName.ToLowerInvariant()}-{suffix}");
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    private static async Task<List<PoisonRecord>> WaitForPoisonAsync(EngineHost host, int count)
    {
        var poison = await QueueAsync(host, "poison");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var peeked = (await poison.PeekMessagesAsync(32)).Value;
            if (peeked.Length >= count)
            {
                return peeked.Select(m => JsonSerializer.Deserialize<PoisonRecord>(m.MessageText, JsonSerializerOptions.Web)!).ToList();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} poison record(s), found {peeked.Length}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Schedules an instance (on the given control queue partition, if any) and sees it complete.</summary>
    private static async Task AssertWorkerGoesOnAsync(EngineHost host, int? partition)
    {
        var id = Enumerable.Range(0, 1000).Select(i => $"after-{i}").First(i => partition is null || TaskHub.PartitionOf(i, 4) == partition);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("EchoTwice", "ok", new StartOrchestrationOptions(id));
        var done = await host.WaitForCompletionAsync(id);
        Assert.Equal("okok", done.ReadOutputAs<string>());
    }

    private static string Describe(FailureDetails failure) =>
        failure.InnerFailure is null ? failure.ToString() : failure + " <- " + Describe(failure.InnerFailure);

    private sealed record PoisonRecord(string Queue, string MessageId, long DequeueCount, string Reason, DateTimeOffset PoisonedAt, string Message);

    private sealed class Unconstructible : TaskActivity<string, string>
    {
        public Unconstructible() => throw new InvalidOperationException("the connector is not configured");

        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) => Task.FromResult(input);
    }
}
