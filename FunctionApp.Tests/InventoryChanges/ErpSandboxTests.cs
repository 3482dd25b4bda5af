using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>
/// The Sandbox's ERP as a client sees it: API key, per-adjustment idempotency and rejection, the 500-item limit, and
/// the fault options the exactly-once test relies on (<c>failEvery</c>, <c>afterApply</c>) beside <c>failNext</c>.
/// </summary>
public sealed class ErpSandboxTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Batch = "/sandbox/erp/api/v1/stock-adjustments/batch";

    [Fact]
    public async Task Each_adjustment_is_applied_once_per_key_and_a_blocked_sku_is_rejected()
    {
        var sku = $"ES-{Guid.NewGuid():N}"[..20];
        var body = Adjustments(($"{sku}-1", sku, 5), ($"{sku}-2", sku, -2), ($"{sku}-b", "BLOCKED-1", 1), ($"{sku}-1", sku, 5));

        var first = await PostAsync(body);
        var again = await PostAsync(body);

        Assert.Equal(["applied", "applied", "rejected", "duplicate"], Statuses(first));
        Assert.Equal(["duplicate", "duplicate", "rejected", "duplicate"], Statuses(again));
        Assert.Equal("SKU is blocked in the ERP", first.GetProperty("results")[2].GetProperty("error").GetString());
        Assert.Equal((3L, 2L), await new InventoryChangeDriver(fixture.App).BalanceAsync(sku));
    }

    [Fact]
    public async Task A_missing_or_wrong_api_key_is_401_and_more_than_500_adjustments_are_400_in_the_erps_error_shape()
    {
        using var client = fixture.App.CreateApiClient(null);
        using var noKey = await client.PostAsync(Batch, JsonContent.Create(JsonElement.Parse(Adjustments(("k", "S", 1)))));
        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, Batch) { Content = JsonContent.Create(JsonElement.Parse(Adjustments(("k", "S", 1)))) };
        wrongKey.Headers.Add("X-Api-Key", "wrong");
        using var wrong = await client.SendAsync(wrongKey);
        using var tooMany = await SendAsync(Adjustments([.. Enumerable.Range(0, 501).Select(i => ($"k{i}", "S", 1))]));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("unauthorized", (await noKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("bad_request", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task FailEvery_fails_every_nth_call_until_disarmed_and_afterApply_applies_before_failing()
    {
        var driver = new InventoryChangeDriver(fixture.App);
        var sku = $"EF-{Guid.NewGuid():N}"[..20];
        await driver.ArmErpFaultsAsync(new { failEvery = 2, status = 503, afterApply = true });

        var statuses = new List<int>();
        for (var i = 1; i <= 4; i++)
        {
            using var response = await SendAsync(Adjustments(($"{sku}-{i}", sku, 1)));
            statuses.Add((int)response.StatusCode);
        }

        await driver.ArmErpFaultsAsync(new { failNext = 0 });
        using var afterDisarming = await SendAsync(Adjustments(($"{sku}-5", sku, 1)));

        Assert.Equal([200, 503, 200, 503], statuses);
        Assert.Equal(HttpStatusCode.OK, afterDisarming.StatusCode);
        Assert.Equal((5L, 5L), await driver.BalanceAsync(sku));
    }

    [Fact]
    public async Task FailNext_fails_before_applying_and_then_lets_requests_through_as_before()
    {
        var driver = new InventoryChangeDriver(fixture.App);
        var sku = $"EN-{Guid.NewGuid():N}"[..20];
        await driver.ArmErpFaultsAsync(new { failNext = 2, status = 500 });

        using var first = await SendAsync(Adjustments(($"{sku}-1", sku, 1)));
        using var second = await SendAsync(Adjustments(($"{sku}-2", sku, 1)));
        using var third = await SendAsync(Adjustments(($"{sku}-3", sku, 1)));

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal((1L, 1L), await driver.BalanceAsync(sku));
        Assert.Equal(0, (await driver.ErpFaultsAsync()).GetProperty("failNext").GetInt32());
    }

    private static string Adjustments(params (string Key, string Sku, int Delta)[] items) =>
        JsonSerializer.Serialize(new { adjustments = items.Select(i => new { idempotencyKey = i.Key, sku = i.Sku, delta = i.Delta }) });

    private static string[] Statuses(JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!)];

    private async Task<JsonElement> PostAsync(string body)
    {
        using var response = await SendAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(string body)
    {
        using var client = fixture.App.CreateApiClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, Batch) { Content = JsonContent.Create(JsonElement.Parse(body)) };
        request.Headers.Add("X-Api-Key", TestSettings.ErpApiKey);
        return await client.SendAsync(request);
    }
}
