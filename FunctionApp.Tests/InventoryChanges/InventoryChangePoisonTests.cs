using System.Net;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>
/// Changes the ERP cannot take go to the poison queue with the reason, never get lost, and come back with a replay
/// (admin key only) to be applied exactly once. Each test has an app of its own: replay takes the whole poison queue.
/// </summary>
public sealed class InventoryChangePoisonTests
{
    private const int MaxAttempts = InventoryChangeDriver.QuickMaxAttempts;

    [Fact]
    public async Task Changes_the_erp_keeps_failing_are_poisoned_with_the_reason_and_a_replay_applies_them_exactly_once()
    {
        await using var app = await StartAsync();
        var driver = new InventoryChangeDriver(app);
        var sku = $"PD-{Guid.NewGuid():N}"[..20];
        var changes = Enumerable.Range(1, 5).Select(i => ($"{sku}-{i}", sku, i)).ToList();
        await driver.ArmErpFaultsAsync(new { failEvery = 1, status = 503 });

        await driver.PostAcceptedAsync(changes);
        var poisoned = await Poll.UntilAsync(
            () => InventoryChangeDriver.PeekAsync(driver.PoisonQueue), entries => entries.Count == changes.Count, TimeSpan.FromSeconds(60), "5 poison entries");
        await driver.ClearErpFaultsAsync();
        using var refused = await driver.ReplayAsync(TestSettings.FunctionKey);
        var stillPoisoned = await InventoryChangeDriver.CountAsync(driver.PoisonQueue);
        using var replay = await driver.ReplayAsync(TestSettings.AdminKey);
        var replayed = JsonElement.Parse(await replay.Content.ReadAsStringAsync());
        await Poll.UntilAsync(() => driver.BalanceAsync(sku), b => b.AppliedChanges == changes.Count, TimeSpan.FromSeconds(30), "the replayed changes");
        await Poll.UntilAsync(() => InventoryChangeDriver.CountAsync(driver.Queue), count => count == 0, TimeSpan.FromSeconds(30), "the queue to drain");

        Assert.Equal(changes.Select(c => c.Item1).Order(), poisoned.Select(p => p.GetProperty("change").GetProperty("id").GetString()).Order());
        Assert.All(poisoned, entry =>
        {
            Assert.Equal(MaxAttempts, entry.GetProperty("attempts").GetInt32());
            Assert.Contains("503", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(sku, entry.GetProperty("change").GetProperty("sku").GetString());
            Assert.True(entry.TryGetProperty("failedAt", out _));
        });
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "admin key");
        Assert.Equal(changes.Count, stillPoisoned);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(changes.Count, replayed.GetProperty("replayed").GetInt32());
        Assert.Equal(0, replayed.GetProperty("remaining").GetInt32());
        Assert.Equal((changes.Sum(c => c.Item3), changes.Count), await driver.BalanceAsync(sku));
        Assert.Equal(0, await InventoryChangeDriver.CountAsync(driver.PoisonQueue));
    }

    [Fact]
    public async Task A_change_the_erp_rejects_is_poisoned_at_once_with_the_erps_reason_and_the_others_are_applied()
    {
        await using var app = await StartAsync();
        var driver = new InventoryChangeDriver(app);
        var run = Guid.NewGuid().ToString("N")[..8];
        var blocked = $"BLOCKED-{run}";
        var fine = $"OK-{run}";

        await driver.PostAcceptedAsync([($"{run}-1", blocked, 4), ($"{run}-2", fine, 7), ($"{run}-3", fine, -2)]);
        var entry = Assert.Single(await Poll.UntilAsync(
            () => InventoryChangeDriver.PeekAsync(driver.PoisonQueue), entries => entries.Count > 0, TimeSpan.FromSeconds(30), "the rejected change"));
        await Poll.UntilAsync(() => driver.BalanceAsync(fine), b => b.AppliedChanges == 2, TimeSpan.FromSeconds(30), "the other changes");

        Assert.Equal($"{run}-1", entry.GetProperty("change").GetProperty("id").GetString());
        Assert.Equal(1, entry.GetProperty("attempts").GetInt32());
        Assert.Contains("SKU is blocked in the ERP", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal((5L, 2L), await driver.BalanceAsync(fine));
        Assert.Equal((0L, 0L), await driver.BalanceAsync(blocked));
    }

    [Fact]
    public async Task Garbage_on_the_queue_is_poisoned_with_the_reason_other_changes_still_flow_and_replay_leaves_it()
    {
        await using var app = await StartAsync();
        var driver = new InventoryChangeDriver(app);
        var sku = $"GB-{Guid.NewGuid():N}"[..20];
        await driver.Queue.CreateIfNotExistsAsync();

        await driver.Queue.SendMessageAsync("this is not JSON");
        await driver.Queue.SendMessageAsync("""{"id":"no-sku","delta":1}""");
        await driver.PostAcceptedAsync([($"{sku}-1", sku, 3)]);
        var poisoned = await Poll.UntilAsync(
            () => InventoryChangeDriver.PeekAsync(driver.PoisonQueue), entries => entries.Count == 2, TimeSpan.FromSeconds(30), "2 poison entries");
        await Poll.UntilAsync(() => driver.BalanceAsync(sku), b => b.AppliedChanges == 1, TimeSpan.FromSeconds(30), "the good change");
        using var replay = await driver.ReplayAsync(TestSettings.AdminKey);
        var replayed = JsonElement.Parse(await replay.Content.ReadAsStringAsync());

        var notJson = poisoned.Single(p => p.GetProperty("message").GetString() == "this is not JSON");
        Assert.Equal(JsonValueKind.Null, notJson.GetProperty("change").ValueKind);
        Assert.Contains("not a JSON inventory change", notJson.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, notJson.GetProperty("attempts").GetInt32());
        var noSku = poisoned.Single(p => p.GetProperty("message").GetString()!.Contains("no-sku", StringComparison.Ordinal));
        Assert.Contains("sku", noSku.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 2, 2), (replayed.GetProperty("replayed").GetInt32(), replayed.GetProperty("skipped").GetInt32(), replayed.GetProperty("remaining").GetInt32()));
        Assert.Equal(2, (await InventoryChangeDriver.PeekAsync(driver.PoisonQueue)).Count);
    }

    [Theory]
    [InlineData("?max=0")]
    [InlineData("?max=1001")]
    [InlineData("?max=abc")]
    public async Task A_replay_limit_outside_1_to_1000_is_400(string query)
    {
        await using var app = await StartAsync();

        using var response = await new InventoryChangeDriver(app).ReplayAsync(TestSettings.AdminKey, query);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "max");
    }

    private static Task<AppFactory> StartAsync() => InventoryChangeDriver.StartQuickToPoisonAsync();
}
