using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.OrderBatches;

/// <summary>
/// <c>GET /api/order-batches</c> (admin key): the order files, newest first, each with its batch's status and counts,
/// why the scan skipped it, or that it waits for the scan. The app is this class's own, so the list holds only its files.
/// </summary>
public sealed class OrderBatchListTests
{
    [Fact]
    public async Task The_list_shows_each_file_newest_first_with_its_batch_counts_or_why_it_was_skipped_or_that_it_waits()
    {
        await using var app = await AppFactory.StartAsync();
        var files = new OrderFileDriver(app);
        var p = OrderFileDriver.NewPrefix();
        var stocked = await files.Orders.StockedSkuAsync(100);
        await files.DropAsync($"{p}/readme.txt", "not an order file");
        (await files.Orders.PostAdminAsync("/api/order-batches/scan")).EnsureSuccessStatusCode();
        var batchId = await files.UploadMixedFileAsync(p, $"{p}/orders.csv");
        await files.DropAsync($"{p}/later.csv", $"{OrderFileDriver.CsvHeader}\n{p}-Z,zed@example.com,Zed,{stocked},1,1\n");

        var list = await ListAsync(app, "");
        var first = await ListAsync(app, "?top=1");
        using var refused = await app.CreateApiClient().GetAsync("/api/order-batches");
        using var badTop = await app.CreateApiClient(AppFactory.AdminKey).GetAsync("/api/order-batches?top=many");

        // Newest first; the storage service gives the times to the second, so files of the same second may come in any order.
        Assert.Equal([$"{p}/later.csv", $"{p}/orders.csv", $"{p}/readme.txt"], list.Select(b => b.GetProperty("file").GetString()).Order());
        var arrived = list.Select(b => b.GetProperty("arrivedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(arrived.OrderDescending(), arrived);
        var byFile = list.ToDictionary(b => b.GetProperty("file").GetString()!);
        var waiting = byFile[$"{p}/later.csv"];
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (waiting.GetProperty("batchId").ValueKind, waiting.GetProperty("status").ValueKind));
        var batch = byFile[$"{p}/orders.csv"];
        Assert.Equal((batchId, "Completed", "Done"), (batch.GetProperty("batchId").GetString(), batch.GetProperty("status").GetString(), batch.GetProperty("stage").GetString()));
        var outcome = batch.GetProperty("outcome");
        Assert.Equal((3, 1, 2, 1, 1, 0), (outcome.GetProperty("lines").GetInt32(), outcome.GetProperty("invalidLines").GetInt32(), outcome.GetProperty("orders").GetInt32(),
            outcome.GetProperty("confirmed").GetInt32(), outcome.GetProperty("backOrdered").GetInt32(), outcome.GetProperty("failed").GetInt32()));
        Assert.Contains("not an order file", byFile[$"{p}/readme.txt"].GetProperty("skipped").GetString(), StringComparison.Ordinal);
        Assert.Equal(arrived.Max(), Assert.Single(first).GetProperty("arrivedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await ProblemAssert.IsProblemAsync(badTop, HttpStatusCode.BadRequest, "top");
    }

    private static async Task<List<JsonElement>> ListAsync(AppFactory app, string query) =>
        (await app.CreateApiClient(AppFactory.AdminKey).GetFromJsonAsync<List<JsonElement>>("/api/order-batches" + query))!;
}
