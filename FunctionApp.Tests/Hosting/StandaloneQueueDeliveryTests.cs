using Azure.Storage.Queues;
using DevStorage;
using LocalHost.Functions;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.InventoryChanges;
using FunctionApp.Tests.Reliability;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// How the standalone runner holds the messages it delivers: a lease short enough that a message lost in transit comes
/// back soon, renewed while the function runs so that a slow function still gets its message once.
/// </summary>
public sealed class StandaloneQueueDeliveryTests
{
    [Fact]
    public async Task A_change_whose_receive_answer_was_lost_is_applied_within_one_lease_not_minutes_later()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var queues = await StorageFaultProxy.StartAsync(azurite.QueueEndpoint);
        await using var app = await InventoryChangeDriver.StartAppAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
                $"BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint={queues.Endpoint};TableEndpoint={azurite.TableEndpoint};",
        });
        var driver = new InventoryChangeDriver(app);
        var receivePath = $"/{driver.Queue.Name}/messages";

        // Storage hands the change to the runner and hides it for the lease; the answer never reaches the app.
        queues.LoseAnswerOfNext(1, (request, answer) => request.Method == "GET"
            && request.Path.EndsWith(receivePath, StringComparison.Ordinal)
            && answer.Contains("<QueueMessage>", StringComparison.Ordinal));
        var sku = "LOST-" + Guid.NewGuid().ToString("N")[..8];
        await driver.PostAcceptedAsync([($"lost-{sku}", sku, 7)]);

        // The default lease is 30 s; before leases were renewed it was 5 minutes.
        var balance = await Poll.UntilAsync(() => driver.BalanceAsync(sku), b => b.AppliedChanges > 0, TimeSpan.FromSeconds(75), "the change to be applied");
        Assert.Equal(1, queues.Lost);
        Assert.Equal((7L, 1L), balance);
    }

    [Fact]
    public async Task A_function_running_longer_than_its_lease_gets_its_message_once_and_it_is_deleted()
    {
        var queueName = "slow-" + Guid.NewGuid().ToString("N")[..12];
        var work = new SlowWork();
        await using var app = await AppFactory.StartAsync(
            new Dictionary<string, string?> { ["LocalHost:MessageLease"] = "00:00:08", [SlowWork.QueueSetting] = queueName }, // renewed every 4 s: slack for a loaded machine
            services => services.AddSingleton(work).AddSingleton(FunctionCatalog.Discover(typeof(FunctionApp.IntegrationApp).Assembly, typeof(SlowWork).Assembly)));
        var queue = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("work");

        await Poll.UntilAsync(() => Task.FromResult(work.Finished), n => n >= 1, TimeSpan.FromSeconds(90), "the slow function to finish");
        await Poll.UntilAsync(() => InventoryChangeDriver.CountAsync(queue), count => count == 0, TimeSpan.FromSeconds(30), "the message to be deleted");
        Assert.Equal(1, work.Started);
    }
}

/// <summary>Counts the runs of <see cref="SlowWorkFunction"/>, as the test sees them.</summary>
public sealed class SlowWork
{
    public const string QueueSetting = "SlowWork:Queue";
    private int _started;
    private int _finished;

    public int Started => Volatile.Read(ref _started);

    public int Finished => Volatile.Read(ref _finished);

    public void Start() => Interlocked.Increment(ref _started);

    public void Finish() => Interlocked.Increment(ref _finished);
}

/// <summary>A queue-triggered function whose work lasts two and a half leases.</summary>
public sealed class SlowWorkFunction(SlowWork work)
{
    [Microsoft.Azure.Functions.Worker.Function(nameof(SlowWork))]
    public async Task RunAsync([Microsoft.Azure.Functions.Worker.QueueTrigger("%" + SlowWork.QueueSetting + "%")] string message, CancellationToken cancellationToken)
    {
        work.Start();
        await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        work.Finish();
    }
}
