using Azure.Storage.Blobs;
using DevStorage;
using LocalHost.Triggers;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.OrderBatches;

public sealed class OrderFileScheduleTests
{
    [Fact]
    public async Task The_schedule_picks_up_a_dropped_file_without_anyone_asking()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["OrderBatches:Schedule"] = "*/1 * * * * *" });
        var files = new OrderFileDriver(app);
        var p = OrderFileDriver.NewPrefix();
        var stocked = await files.Orders.StockedSkuAsync(100);

        await files.DropAsync($"{p}.csv", $"{OrderFileDriver.CsvHeader}\n{p}-1,ann@example.com,Ann,{stocked},1,1\n");

        var metadata = await Poll.UntilAsync(() => files.MetadataAsync($"{p}.csv"), m => m.ContainsKey("orderbatch"), TimeSpan.FromSeconds(30), "the scan to submit the file");
        var done = await files.WaitForBatchAsync(metadata["orderbatch"]);
        Assert.Equal(1, done.Body.GetProperty("output").GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task An_occurrence_missed_while_no_app_ran_is_run_once_at_start()
    {
        // A file waits in the container, and the daily schedule last ran two days ago: the occurrence since is past due.
        var azurite = await SharedAzurite.GetAsync();
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var id = Guid.NewGuid().ToString("N")[..10];
        var (hostId, incoming, p) = ("h" + id, "in-" + id, OrderFileDriver.NewPrefix());
        var status = blobs.GetBlobContainerClient(TimerSchedule.StatusContainer);
        await status.CreateIfNotExistsAsync();
        await status.GetBlobClient(TimerSchedule.StatusBlobName(hostId, "OrderFileSchedule"))
            .UploadAsync(BinaryData.FromObjectAsJson(new { LastRun = DateTime.UtcNow.AddDays(-2) }), overwrite: true);
        var container = blobs.GetBlobContainerClient(incoming);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{p}.csv").UploadAsync(BinaryData.FromString($"{OrderFileDriver.CsvHeader}\n{p}-1,ann@example.com,Ann,SKU-1,1,1\n"));

        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?>
        {
            ["LocalHost:HostId"] = hostId,
            ["OrderBatches:IncomingContainer"] = incoming,
            ["OrderBatches:Schedule"] = "0 0 2 * * *",
        });

        var files = new OrderFileDriver(app);
        var metadata = await Poll.UntilAsync(() => files.MetadataAsync($"{p}.csv"), m => m.ContainsKey("orderbatch"), TimeSpan.FromSeconds(30), "the past-due scan");
        await files.WaitForBatchAsync(metadata["orderbatch"]);
    }

    [Fact]
    public async Task A_first_start_runs_nothing_before_the_first_occurrence()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["OrderBatches:Schedule"] = "0 0 2 * * *" });
        var files = new OrderFileDriver(app);
        var p = OrderFileDriver.NewPrefix();
        await files.DropAsync($"{p}.csv", $"{OrderFileDriver.CsvHeader}\n{p}-1,ann@example.com,Ann,SKU-1,1,1\n");

        // The timer has written its first status (so it has started and decided), and the file is still untouched.
        var hostId = app.HubName;
        var blobs = new BlobServiceClient((await SharedAzurite.GetAsync()).ConnectionString);
        await Poll.UntilAsync(
            async () => (await blobs.GetBlobContainerClient(TimerSchedule.StatusContainer).GetBlobClient(TimerSchedule.StatusBlobName(hostId, "OrderFileSchedule")).ExistsAsync()).Value,
            exists => exists,
            TimeSpan.FromSeconds(30),
            "the timer's first status");
        Assert.False((await files.MetadataAsync($"{p}.csv")).ContainsKey("orderbatch"));
    }
}
