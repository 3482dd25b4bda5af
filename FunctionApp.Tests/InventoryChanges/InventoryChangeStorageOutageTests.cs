using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using DevStorage;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.SyncIntegrations;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>Storage failing while the webhook enqueues: the warehouse is told to retry, and its retry loses and doubles nothing.</summary>
public sealed class InventoryChangeStorageOutageTests
{
    [Fact]
    public async Task A_storage_failure_while_enqueuing_is_503_and_the_warehouses_retry_applies_every_change_once()
    {
        var azurite = await SharedAzurite.GetAsync();
        var fault = new FailOneSend();
        var options = new QueueClientOptions();
        options.AddPolicy(fault, HttpPipelinePosition.PerRetry);
        await using var app = await InventoryChangeDriver.StartAppAsync(
            new Dictionary<string, string?> { ["InventoryChanges:MaxBatchAge"] = "00:00:00.100" },
            services => services.AddSingleton(new QueueServiceClient(azurite.ConnectionString, options)));
        var driver = new InventoryChangeDriver(app);
        var sku = $"SO-{Guid.NewGuid():N}"[..20];
        var changes = Enumerable.Range(1, 10).Select(i => ($"{sku}-{i}", sku, i)).ToList();

        fault.Arm($"/{driver.Queue.Name}/messages");
        using var failed = await driver.PostAsync(InventoryChangeDriver.Body(changes));
        await driver.PostAcceptedAsync(changes);
        await Poll.UntilAsync(() => driver.BalanceAsync(sku), b => b.AppliedChanges == changes.Count, TimeSpan.FromSeconds(30), "the changes");
        await Poll.UntilAsync(() => InventoryChangeDriver.CountAsync(driver.Queue), count => count == 0, TimeSpan.FromSeconds(30), "the queue to drain");

        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.ServiceUnavailable, "Storage");
        Assert.True(fault.Failed, "No send was refused: the test proved nothing.");
        Assert.Equal((changes.Sum(c => (long)c.Item3), (long)changes.Count), await driver.BalanceAsync(sku));
    }

    /// <summary>Refuses the first message sent to one queue once armed, as the SDK reports a storage failure it gave up on.</summary>
    private sealed class FailOneSend : HttpPipelinePolicy
    {
        private string? _path;
        private int _failed;

        public bool Failed => Volatile.Read(ref _failed) == 1;

        public void Arm(string path) => Volatile.Write(ref _path, path);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Refuse(message);
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Refuse(message);
            await ProcessNextAsync(message, pipeline);
        }

        private void Refuse(HttpMessage message)
        {
            if (Volatile.Read(ref _path) is { } path
                && message.Request.Method == RequestMethod.Post
                && message.Request.Uri.Path.EndsWith(path, StringComparison.Ordinal)
                && Interlocked.CompareExchange(ref _failed, 1, 0) == 0)
            {
                throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
            }
        }
    }
}
