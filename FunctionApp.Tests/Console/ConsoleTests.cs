using System.Net;
using System.Text.RegularExpressions;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.InventoryChanges;
using FunctionApp.Tests.OrderBatches;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.Telemetry;
using Microsoft.Playwright;

namespace FunctionApp.Tests.Console;

/// <summary>The operator console at <c>/console</c>, used through the page in a real browser.</summary>
public sealed class ConsoleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wrong_key_gets_a_clear_prompt_and_the_right_one_opens_the_console()
    {
        await using var app = await AppFactory.StartAsync();
        var page = await OpenAsync(app, "not-the-admin-key-0123456789");

        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#key-reason")).ToContainTextAsync("not accepted");
        await ScreenshotAsync(page, "wrong-key");
        await page.FillAsync("#key-input", AppFactory.AdminKey);
        await page.ClickAsync("#key-save");

        await Expect(page.Locator("#instances")).ToBeVisibleAsync();
        await Expect(page.Locator("#banner")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_list_shows_runs_and_filters_them_by_status_and_id_prefix()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var backOrdered = await orders.PlaceBackOrderedAsync();
        var confirmed = await orders.PlaceConfirmedAsync();
        var page = await OpenAsync(app, AppFactory.AdminKey);

        await Expect(Row(page, backOrdered)).ToBeVisibleAsync();
        await Expect(Row(page, confirmed)).ToContainTextAsync("Completed");
        await Expect(Row(page, backOrdered)).ToContainTextAsync("AwaitingRestock");
        await ScreenshotAsync(page, "instances");

        await page.SelectOptionAsync("#filter-status", "Running");
        await page.ClickAsync("#filter-apply");
        await Expect(Row(page, backOrdered)).ToBeVisibleAsync();
        await Expect(Row(page, confirmed)).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#filter-status", "");
        await page.FillAsync("#filter-prefix", confirmed);
        await page.ClickAsync("#filter-apply");
        await Expect(Row(page, confirmed)).ToBeVisibleAsync();
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_back_ordered_order_shows_its_timeline_and_raising_restocked_from_the_page_completes_it()
    {
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Console:TraceUrl"] = "http://localhost:16686/trace/{traceId}" });
        var orders = new OrderDriver(app);
        var id = await orders.PlaceBackOrderedAsync();
        var page = await OpenAsync(app, AppFactory.AdminKey, $"#/instance/{Uri.EscapeDataString(id)}");

        await Expect(page.Locator("#instance-title")).ToHaveTextAsync(id);
        await Expect(page.Locator("#trace-link")).ToHaveAttributeAsync("href", new Regex("^http://localhost:16686/trace/[0-9a-f]{32}$"));
        await Expect(page.Locator("#timeline tr[data-name='CheckInventory']")).ToContainTextAsync("completed");
        await Expect(page.Locator("#timeline tr[data-name='SendEmail']")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "instance-back-ordered");

        await page.ClickAsync("#action-raise");
        await Expect(page.Locator("#event-name")).ToHaveValueAsync("Restocked");
        await page.ClickAsync("#confirm-ok");

        await Expect(page.Locator("#banner")).ToContainTextAsync("Restocked raised");
        await Expect(page.Locator(".cards .status").First).ToHaveTextAsync("Completed", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.Locator("#timeline tr[data-kind='Event received']")).ToContainTextAsync("Restocked");
        // Two emails (the warehouse's, then the customer's), each its own step, each run once.
        await Expect(page.Locator("#timeline tr[data-name='SendEmail'] td:nth-child(7)")).ToHaveTextAsync(["1", "1"]);
        await ScreenshotAsync(page, "instance-completed");
        Assert.Equal("Completed", (await orders.GetStatusAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task A_failed_order_shows_the_step_that_failed_and_a_rewind_from_the_page_completes_it_once_the_fault_is_cleared()
    {
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        await orders.Sandbox.FailNextAsync("quickbooks", 50);
        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()), "?timeout=60");
        Assert.Equal(HttpStatusCode.BadGateway, placed.Response.StatusCode);
        var id = placed.InstanceId;
        await orders.Sandbox.ClearFaultsAsync("quickbooks");
        var page = await OpenAsync(app, AppFactory.AdminKey, $"#/instance/{Uri.EscapeDataString(id)}");

        await Expect(page.Locator("#failure")).ToContainTextAsync("CreateInvoice");
        await ScreenshotAsync(page, "instance-failed");
        await page.ClickAsync("#action-rewind");
        await page.ClickAsync("#confirm-ok");

        await Expect(page.Locator("#banner")).ToContainTextAsync("Rewind: accepted");
        await Expect(page.Locator(".cards .status").First).ToHaveTextAsync("Completed", new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.Equal("Completed", (await orders.GetStatusAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task The_integrations_page_shows_each_systems_calls_and_failures_and_an_open_circuit_breaker()
    {
        await using var app = await AppFactory.StartAsync(IntegrationHealthApiTests.InventoryQuickToBreak);
        var orders = new OrderDriver(app);
        await orders.PlaceConfirmedAsync();
        await app.Sandbox.FailNextAsync("inventory", 100, 503);
        for (var i = 0; i < 4; i++)
        {
            (await orders.Api.GetAsync($"/api/inventory/{OrderDriver.NewSku()}")).Dispose();
        }

        var page = await OpenAsync(app, AppFactory.AdminKey, "#/integrations");

        var inventory = page.Locator("#integrations tr[data-system='Inventory']");
        await Expect(inventory.Locator("td[data-circuit]")).ToContainTextAsync("open until");
        await Expect(inventory.Locator("td:nth-child(8)")).ToContainTextAsync("refused by the open circuit");
        var quickBooks = page.Locator("#integrations tr[data-system='QuickBooks']");
        await Expect(quickBooks.Locator("td:nth-child(2)")).Not.ToHaveTextAsync("0");
        await Expect(quickBooks.Locator("td:nth-child(3)")).ToHaveTextAsync("0");
        await Expect(quickBooks.Locator("td:nth-child(5)")).ToContainTextAsync("ms");
        await Expect(quickBooks.Locator("td[data-circuit]")).ToHaveTextAsync("closed ");
        await ScreenshotAsync(page, "integrations");
    }

    [Fact]
    public async Task A_poisoned_inventory_change_is_replayed_from_the_page_and_applied_once_its_cause_is_fixed()
    {
        await using var app = await InventoryChangeDriver.StartQuickToPoisonAsync();
        var changes = new InventoryChangeDriver(app);
        var sku = $"CP-{Guid.NewGuid():N}"[..20];
        await changes.ArmErpFaultsAsync(new { failEvery = 1, status = 503 });
        await changes.PostAcceptedAsync([($"{sku}-1", sku, 7)]);
        await Poll.UntilAsync(() => InventoryChangeDriver.CountAsync(changes.PoisonQueue), count => count == 1, Patience, "the change to be poisoned");
        var page = await OpenAsync(app, AppFactory.AdminKey, "#/inventory-changes");

        var entry = page.Locator("#poison tbody tr").First;
        await Expect(entry).ToContainTextAsync($"sku {sku}");
        await Expect(entry).ToContainTextAsync("503");
        await Expect(page.Locator("#poisoned .figure")).ToHaveTextAsync("1");
        await ScreenshotAsync(page, "inventory-changes-poisoned");
        await changes.ClearErpFaultsAsync();
        await page.ClickAsync("#replay");
        await page.ClickAsync("#confirm-ok");

        await Expect(page.Locator("#banner")).ToContainTextAsync("Replayed 1");
        await Poll.UntilAsync(() => changes.BalanceAsync(sku), balance => balance.AppliedChanges == 1, Patience, "the replayed change to be applied");
        await Expect(page.Locator("#poison")).ToContainTextAsync("The poison queue is empty.");
        Assert.Equal((7, 1), await changes.BalanceAsync(sku));
    }

    [Fact]
    public async Task A_finished_order_file_opens_its_report_from_the_batches_page()
    {
        await using var app = await AppFactory.StartAsync();
        var files = new OrderFileDriver(app);
        var p = OrderFileDriver.NewPrefix();
        var batchId = await files.UploadMixedFileAsync(p, $"{p}-orders.csv");
        var page = await OpenAsync(app, AppFactory.AdminKey, "#/batches");

        var row = page.Locator($"#batches tr[data-batch='{batchId}']");
        await Expect(row).ToContainTextAsync("Completed");
        await ScreenshotAsync(page, "batches");
        await row.Locator("a", new() { HasText = $"{p}-orders.csv" }).ClickAsync();

        await Expect(page.Locator("#batch-title")).ToContainTextAsync($"{p}-orders.csv");
        await Expect(page.Locator("#report-counts")).ToContainTextAsync("2 orders: 1 confirmed, 1 back-ordered, 0 failed");
        await Expect(page.Locator("#report-lines tr[data-line='2']")).ToContainTextAsync("Confirmed");
        await Expect(page.Locator("#report-lines tr[data-line='3']")).ToContainTextAsync("BackOrdered");
        await Expect(page.Locator("#report-lines tr[data-line='4']")).ToContainTextAsync("Invalid");
        await ScreenshotAsync(page, "batch-report");
        await page.Locator("#report-lines tr[data-line='2'] a").ClickAsync();
        await Expect(page.Locator("#instance-title")).ToHaveTextAsync($"{batchId}:o:{p}-A");
    }

    private static ILocator Row(IPage page, string instanceId) => page.Locator($"#instances tr[data-instance='{instanceId}']");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task<IPage> OpenAsync(AppFactory app, string key, string hash = "")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console" + hash);
        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await page.FillAsync("#key-input", key);
        await page.ClickAsync("#key-save");
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
