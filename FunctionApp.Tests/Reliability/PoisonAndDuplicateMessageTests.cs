using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using DevStorage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// Garbage and duplicates put straight on the task hub's queues, as a bug or an operator might: the Durable provider sets
/// the garbage aside (it cannot read it, so it leaves it on its queue, hidden for longer each time, and logs it), it
/// absorbs the duplicates, and orders, those duplicated and those placed afterwards, complete with each side effect once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class PoisonAndDuplicateMessageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Garbage_is_set_aside_duplicates_are_absorbed_and_orders_still_complete_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var hub = "t" + id;
        var lower = hub.ToLowerInvariant();
        var queues = new QueueServiceClient(azurite.ConnectionString);
        var controlQueues = Enumerable.Range(0, 4).Select(i => queues.GetQueueClient($"{lower}-control-{i:00}")).ToList();
        var workItems = queues.GetQueueClient($"{lower}-workitems");
        var shared = new Dictionary<string, string?>
        {
            [TestSettings.HubNameSetting] = hub,
            ["Sandbox:TablePrefix"] = "sb" + id,
            ["InventoryChanges:QueueName"] = "inv-" + id,
            // One activity at a time, so activity messages wait visibly on their queue.
            ["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"] = "1",
        };
        var sku = "REL-POISON-" + id[..8];
        var keys = "poison-" + id;

        // 1. An order scheduled while no worker runs (the provider as a bare client): its start message waits on its control
        //    queue, where the test copies it twice.
        var first = "order-" + keys + "-first";
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hub,
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
        });
        await service.CreateIfNotExistsAsync();
        var input = JsonSerializer.Serialize(new { order = new { customer = new { email = "rel@example.com", name = "Rel" }, lines = new[] { new { sku, quantity = 1, unitPrice = 2.5m } } } });
        var instance = new OrchestrationInstance { InstanceId = first, ExecutionId = Guid.NewGuid().ToString("N") };
        await service.CreateTaskOrchestrationAsync(new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, input) { Name = "PlaceOrderOrchestrator", OrchestrationInstance = instance },
        });
        var (startQueue, start) = await FindMessageAsync(controlQueues, m => m.Body.ToString().Contains(first, StringComparison.Ordinal), "the first order's start message");
        var startMessage = start.Body.ToString();
        Assert.Contains("ExecutionStarted", startMessage, StringComparison.Ordinal);
        await startQueue.SendMessageAsync(startMessage);
        await startQueue.SendMessageAsync(startMessage);

        // 2. Garbage on a control queue and on the work-item queue: text that is no message at all. (JSON that reads as an
        //    empty message, such as "null", is worse: DurableTask.AzureStorage 2.11.2 fails on it with a
        //    NullReferenceException and leaves the other messages it received with it hidden for the visibility timeout.)
        string[] garbage = ["this is not JSON", "{{{", "SGVsbG8gd29ybGQ=", "<xml>not json</xml>"];
        foreach (var text in garbage)
        {
            await controlQueues[0].SendMessageAsync(text);
            await workItems.SendMessageAsync(text);
        }

        // 3. The app, invoices slow.
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, shared);
        await app.Sandbox.SetStockAsync(sku, 1_000_000);
        await app.Sandbox.FailNextAsync("quickbooks", 1000, status: 200, delayMs: 1500);
        var ids = new List<string> { first };
        using (var api = app.CreateApiClient())
        {
            ids.AddRange(await OrderLoad.PlaceManyAsync(api, sku, keys + "-during", 3));
        }

        // A real CreateInvoice activity message, copied while it waits for the busy worker: the invoice runs twice with one key.
        var (_, invoiceMessage) = await FindMessageAsync(
            [workItems],
            m => m.Body.ToString().Contains("CreateInvoice", StringComparison.Ordinal) && ids.Any(i => m.Body.ToString().Contains(i, StringComparison.Ordinal)),
            "a waiting CreateInvoice activity message");
        var invoiceText = invoiceMessage.Body.ToString();
        await workItems.SendMessageAsync(invoiceText);

        // 4. Orders placed after the garbage arrived still go through, and the slow invoices catch up.
        await app.Sandbox.ClearFaultsAsync("quickbooks");
        using (var api = app.CreateApiClient())
        {
            ids.AddRange(await OrderLoad.PlaceManyAsync(api, sku, keys + "-after", 3));
        }

        var final = await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), ids, TimeSpan.FromSeconds(120), () => app.Output);
        OrderLoad.AssertAllConfirmed(final, () => app.Output);
        await OrderLoad.AssertEachSideEffectOnceAsync(app.Sandbox, ids);

        // The duplicated start began one execution; the duplicated activity's second result (which the provider records)
        // answered no new step: each of the five steps was scheduled once.
        using (var admin = app.CreateApiClient(TestSettings.AdminKey))
        {
            foreach (var instanceId in new[] { first, ids.Single(i => invoiceText.Contains(i, StringComparison.Ordinal)) })
            {
                var history = JsonDocument.Parse(await admin.GetStringAsync($"/runtime/webhooks/durabletask/instances/{instanceId}?showHistory=true"))
                    .RootElement.GetProperty("historyEvents").EnumerateArray().ToList();
                Assert.Equal(1, history.Count(e => e.GetProperty("EventType").GetString() == "ExecutionStarted"));
                var steps = history.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted").Select(e => e.GetProperty("TaskScheduledId").GetInt32()).Distinct();
                Assert.Equal(5, steps.Count());
            }
        }

        // What is left on those queues is the garbage, set aside (hidden for longer each time it is read); the real messages
        // and their duplicates are gone.
        foreach (var queue in new[] { controlQueues[0], workItems })
        {
            await Poll.UntilAsync(
                async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count == garbage.Length,
                TimeSpan.FromSeconds(30),
                $"only the garbage to be left on {queue.Name}");
            Assert.All((await queue.PeekMessagesAsync(32)).Value, m => Assert.Contains(m.Body.ToString(), garbage));
        }

        var deserializationFailures = app.Output.Split('\n').Count(line => line.Contains("DurableTask.AzureStorage[", StringComparison.Ordinal));
        Assert.True(deserializationFailures > 0, "The provider should log the messages it cannot read.");
        output.WriteLine($"Duplicated: the start of {first} (x2 copies) and one CreateInvoice; {ids.Count} orders confirmed once each; {deserializationFailures} provider log lines.");
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
