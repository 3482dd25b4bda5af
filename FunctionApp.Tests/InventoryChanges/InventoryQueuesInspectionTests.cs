using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.InventoryChanges;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>
/// <c>GET /api/inventory-changes/queues</c> (admin key): how many changes wait and for how long, and what the poison
/// queue holds, each entry with its change or text, why, and whether a replay can put it back; nothing is taken.
/// </summary>
public sealed class InventoryQueuesInspectionTests
{
    private const string Path = "/api/inventory-changes/queues";

    [Fact]
    public async Task Poison_entries_show_their_change_or_text_why_they_failed_and_whether_they_can_be_replayed()
    {
        await using var app = await InventoryChangeDriver.StartQuickToPoisonAsync();
        var driver = new InventoryChangeDriver(app);
        var sku = $"IQ-{Guid.NewGuid():N}"[..20];
        await driver.ArmErpFaultsAsync(new { failEvery = 1, status = 503 });
        await driver.PostAcceptedAsync([($"{sku}-1", sku, 3), ($"{sku}-2", sku, -1)]);
        // What the Functions host moves itself after its maxDequeueCount: the message as it was.
        await driver.PoisonQueue.CreateIfNotExistsAsync();
        await driver.PoisonQueue.SendMessageAsync("{\"id\":\"" + sku + "-3\",\"sku\":\"" + sku + "\",\"delta\":2}");
        await driver.PoisonQueue.SendMessageAsync("certainly not a change");
        await driver.PoisonQueue.SendMessageAsync("[1,2]");

        var report = await Poll.UntilAsync(() => InspectAsync(app), r => r.GetProperty("poisoned").GetInt32() == 5, TimeSpan.FromSeconds(60), "5 poison entries");
        var entries = report.GetProperty("poisonEntries").EnumerateArray().ToList();
        var byChange = entries.Where(e => e.GetProperty("change").ValueKind == JsonValueKind.Object)
            .ToDictionary(e => e.GetProperty("change").GetProperty("id").GetString()!);
        var garbage = entries.Where(e => e.GetProperty("change").ValueKind == JsonValueKind.Null).ToDictionary(e => e.GetProperty("message").GetString()!);
        using var refused = await app.CreateApiClient().GetAsync(Path);
        using var badMax = await app.CreateApiClient(AppFactory.AdminKey).GetAsync(Path + "?max=0");

        Assert.Equal(driver.PoisonQueue.Name, report.GetProperty("poisonQueue").GetString());
        Assert.Equal(driver.Queue.Name, report.GetProperty("queue").GetString());
        Assert.Equal([$"{sku}-1", $"{sku}-2", $"{sku}-3"], byChange.Keys.Order());
        Assert.All(new[] { byChange[$"{sku}-1"], byChange[$"{sku}-2"] }, e =>
        {
            Assert.Contains("503", e.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(InventoryChangeDriver.QuickMaxAttempts, e.GetProperty("attempts").GetInt32());
            Assert.True(e.GetProperty("replayable").GetBoolean());
        });
        Assert.Equal(-1, byChange[$"{sku}-2"].GetProperty("change").GetProperty("delta").GetInt32());
        Assert.Equal(PoisonEntry.HostMovedReason, byChange[$"{sku}-3"].GetProperty("reason").GetString());
        Assert.True(byChange[$"{sku}-3"].GetProperty("replayable").GetBoolean());
        Assert.Equal(["[1,2]", "certainly not a change"], garbage.Keys.Order(StringComparer.Ordinal));
        Assert.All(garbage.Values, e => Assert.False(e.GetProperty("replayable").GetBoolean()));
        Assert.Equal(5, await InventoryChangeDriver.CountAsync(driver.PoisonQueue));
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "admin key");
        await ProblemAssert.IsProblemAsync(badMax, HttpStatusCode.BadRequest, "max");
    }

    [Fact]
    public async Task Changes_nobody_has_taken_yet_show_as_waiting_with_the_age_of_the_oldest()
    {
        await using var app = await InventoryChangeDriver.StartAppAsync(services: InventoryChangeDriver.WithoutQueueConsumer);
        var driver = new InventoryChangeDriver(app);
        var empty = await InspectAsync(app);
        var sku = $"IW-{Guid.NewGuid():N}"[..20];
        await driver.PostAcceptedAsync([($"{sku}-1", sku, 1), ($"{sku}-2", sku, 2), ($"{sku}-3", sku, 3)]);

        var report = await Poll.UntilAsync(() => InspectAsync(app), r => r.GetProperty("oldestAgeSeconds").GetDouble() > 0, TimeSpan.FromSeconds(30), "the oldest change to age");

        Assert.Equal((0, 0, 0), (empty.GetProperty("waiting").GetInt32(), empty.GetProperty("poisoned").GetInt32(), empty.GetProperty("poisonEntries").GetArrayLength()));
        Assert.Equal(3, report.GetProperty("waiting").GetInt32());
        Assert.Equal(0, report.GetProperty("poisoned").GetInt32());
    }

    private static async Task<JsonElement> InspectAsync(AppFactory app) =>
        await app.CreateApiClient(AppFactory.AdminKey).GetFromJsonAsync<JsonElement>(Path);
}
