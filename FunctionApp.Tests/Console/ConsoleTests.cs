using System.Net;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
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
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);
        var id = await orders.PlaceBackOrderedAsync();
        var page = await OpenAsync(app, AppFactory.AdminKey, $"#/instance/{Uri.EscapeDataString(id)}");

        await Expect(page.Locator("#instance-title")).ToHaveTextAsync(id);
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
