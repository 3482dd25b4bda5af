using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// Garbage and duplicates put straight on the hub's queues: the garbage goes to the poison queue with a reason, the
/// duplicates are absorbed, and orders (those duplicated and those placed afterwards) complete with each side effect once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class PoisonAndDuplicateMessageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Garbage_is_poisoned_with_a_reason_duplicates_are_absorbed_and_orders_still_complete_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var hub = "t" + id;
        var lower = hub.ToLowerInvariant();
        var queues = new QueueServiceClient(azurite.ConnectionString);
        var controlQueues = Enumerable.Range(0, 4).Select(i => queues.GetQueueClient($"{lower}-control-{i:00}")).ToList();
        var workItems = queues.GetQueueClient($"{lower}-workitems");
        var poison = queues.GetQueueClient($"{lower}-poison");
        var shared = new Dictionary<string, string?> { ["Durable:TaskHubName"] = hub, ["Sandbox:TablePrefix"] = "sb" + id };
        var sku = "REL-POISON-" + id[..8];
        var keys = "poison-" + id;

        // 1. A front end that only schedules (no dispatchers): the start message of an order waits on its control queue,
        //    where the test copies it twice.
        string first;
        string startMessage;
        await using (var frontEnd = await AppFactory.StartAsync(new Dictionary<string, string?>(shared) { ["Durable:DispatchersEnabled"] = "false" }))
        {
            await frontEnd.Sandbox.SetStockAsync(sku, 1_000_000);
            await frontEnd.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1500);
            using var api = frontEnd.CreateApiClient();
            first = await OrderLoad.PlaceAsync(api, sku, keys + "-first", 0);
        }

        var (startQueue, start) = await FindMessageAsync(controlQueues, m => m.Body.ToString().Contains(first, StringComparison.Ordinal), "the first order's start message");
        startMessage = start.Body.ToString();
        Assert.Contains("ExecutionStarted", startMessage, StringComparison.OrdinalIgnoreCase);
        await startQueue.SendMessageAsync(startMessage);
        await startQueue.SendMessageAsync(startMessage);

        // 2. Garbage on a control queue and on the work-item queue.
        string[] controlGarbage =
        [
            "this is not JSON",
            """{"kind":"nonsense","instanceId":"x"}""",
            """{"kind":"orchestration"}""",
            """{"kind":"activity","instanceId":"stray","executionId":"e1","taskId":1,"name":"CreateInvoice","input":null,"idempotencyKey":"stray:1"}""",
            """{"kind":"completion","instanceId":"stray","executionId":"e1"}""",
            """{"kind":"blob","blobName":"messages/does-not-exist.json"}""",
        ];
        string[] workItemGarbage =
        [
            "{{{",
            "null",
            """{"kind":"activity","instanceId":"bad/id","executionId":"e1","taskId":1,"name":"CreateInvoice","input":null,"idempotencyKey":"k"}""",
            """{"kind":"orchestration","instanceId":"stray","executionId":null,"event":null,"messageId":"m1"}""",
        ];
        foreach (var text in controlGarbage)
        {
            await controlQueues[0].SendMessageAsync(text);
        }

        foreach (var text in workItemGarbage)
        {
            await workItems.SendMessageAsync(text);
        }

        // 3. The worker, one activity at a time so activity messages wait visibly on their queue, invoices slow.
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>(shared) { ["Durable:MaxConcurrentActivities"] = "1" });
        var ids = new List<string> { first };
        using (var api = app.CreateApiClient())
        {
            ids.AddRange(await OrderLoad.PlaceManyAsync(api, sku, keys + "-during", 3));
        }

        // A real CreateInvoice activity message, copied while it waits for the busy worker: the invoice runs twice with one key.
        var (_, invoiceMessage) = await FindMessageAsync([workItems], m => m.Body.ToString().Contains("\"CreateInvoice\"", StringComparison.Ordinal) && !m.Body.ToString().Contains("stray", StringComparison.Ordinal) && !m.Body.ToString().Contains("bad/id", StringComparison.Ordinal), "a waiting CreateInvoice activity message");
        var invoiceText = invoiceMessage.Body.ToString();
        await workItems.SendMessageAsync(invoiceText);

        // 4. Every piece of garbage is on the poison queue, with a reason and its original text.
        var garbage = controlGarbage.Concat(workItemGarbage).ToList();
        List<JsonElement> records = [];
        try
        {
            await Poll.UntilAsync(
                async () => records = (await poison.PeekMessagesAsync(32)).Value.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement.Clone()).ToList(),
                r => r.Count >= garbage.Count,
                TimeSpan.FromSeconds(60),
                $"{garbage.Count} poison records");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{e.Message}: {records.Count} arrived:{Environment.NewLine}{string.Join(Environment.NewLine, records)}{Environment.NewLine}App output:{Environment.NewLine}{app.Output}", e);
        }

        foreach (var record in records)
        {
            output.WriteLine($"poison: {record.GetProperty("queue").GetString()} | {record.GetProperty("reason").GetString()} | {record.GetProperty("message").GetString()}");
        }

        Assert.Equal(garbage.Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("message").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
        Assert.Equal(controlGarbage.Length, records.Count(r => r.GetProperty("queue").GetString() == controlQueues[0].Name));
        Assert.Equal(workItemGarbage.Length, records.Count(r => r.GetProperty("queue").GetString() == workItems.Name));

        // 5. Orders placed after the garbage was dealt with still go through.
        await app.Sandbox.ClearFaultsAsync("quickbooks");
        using (var api = app.CreateApiClient())
        {
            ids.AddRange(await OrderLoad.PlaceManyAsync(api, sku, keys + "-after", 3));
        }

        var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(90), () => app.Output);
        OrderLoad.AssertAllConfirmed(final, () => app.Output);
        await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);

        // The duplicated start began one execution; the duplicated activity result was recorded once.
        using (var api = app.CreateApiClient())
        {
            var history = JsonDocument.Parse(await api.GetStringAsync($"/runtime/webhooks/durabletask/instances/{first}?showHistory=true"))
                .RootElement.GetProperty("historyEvents").EnumerateArray().Select(e => e.GetProperty("EventType").GetString()).ToList();
            Assert.Equal(1, history.Count(e => e == "ExecutionStarted"));
            Assert.Equal(5, history.Count(e => e == "TaskScheduled"));
            Assert.Equal(5, history.Count(e => e == "TaskCompleted"));
        }

        var duplicated = ids.Single(i => invoiceText.Contains(i, StringComparison.Ordinal));
        using (var api = app.CreateApiClient())
        {
            var history = JsonDocument.Parse(await api.GetStringAsync($"/runtime/webhooks/durabletask/instances/{duplicated}?showHistory=true"))
                .RootElement.GetProperty("historyEvents").EnumerateArray().Select(e => e.GetProperty("EventType").GetString()).ToList();
            Assert.Equal(5, history.Count(e => e == "TaskCompleted"));
        }

        // Duplicates are consumed and dropped, never poisoned, and nothing else was poisoned meanwhile.
        await Poll.UntilAsync(
            async () =>
            {
                var left = 0;
                foreach (var queue in controlQueues.Append(workItems))
                {
                    left += (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                return left;
            },
            left => left == 0,
            TimeSpan.FromSeconds(30),
            "the hub's queues to drain");
        Assert.Equal(garbage.Count, (await poison.PeekMessagesAsync(32)).Value.Length);
        output.WriteLine($"Duplicated: the start of {first} (x2 copies) and CreateInvoice of {duplicated}; {ids.Count} orders confirmed once each.");
    }

    private static async Task<(QueueClient Queue, PeekedMessage Message)> FindMessageAsync(
        IReadOnlyList<QueueClient> queues, Func<PeekedMessage, bool> match, string what)
    {
        var found = await Poll.UntilAsync(
            async () =>
            {
                foreach (var queue in queues)
                {
                    if (!(await queue.ExistsAsync()).Value)
                    {
                        continue;
                    }

                    foreach (var message in (await queue.PeekMessagesAsync(32)).Value)
                    {
                        if (match(message))
                        {
                            return ((QueueClient, PeekedMessage)?)(queue, message);
                        }
                    }
                }

                return null;
            },
            f => f is not null,
            TimeSpan.FromSeconds(60),
            what);
        return found!.Value;
    }
}
