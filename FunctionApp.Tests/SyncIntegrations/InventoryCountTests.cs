using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionApp.Tests.SyncIntegrations;

public sealed class InventoryCountTests(SyncAppFixture fixture) : IClassFixture<SyncAppFixture>
{
    private readonly HttpClient _api = fixture.App.CreateApiClient();

    [Fact]
    public async Task The_count_comes_from_the_inventory_system_and_a_second_call_is_served_from_the_cache()
    {
        var sku = $"SKU-{Guid.NewGuid():N}";
        await fixture.App.Sandbox.SetStockAsync(sku, 7);
        var before = (await fixture.App.Sandbox.RequestsAsync("inventory")).Count;

        var first = await _api.GetFromJsonAsync<JsonElement>($"/api/inventory/{sku}");
        await fixture.App.Sandbox.SetStockAsync(sku, 3);
        var second = await _api.GetFromJsonAsync<JsonElement>($"/api/inventory/{sku}");

        Assert.Equal(sku, first.GetProperty("sku").GetString());
        Assert.Equal(7, first.GetProperty("quantity").GetInt32());
        Assert.Equal(7, second.GetProperty("quantity").GetInt32());
        Assert.Equal(before + 1, (await fixture.App.Sandbox.RequestsAsync("inventory")).Count);
    }

    [Fact]
    public async Task The_inventory_system_failing_is_a_problem_naming_it_and_nothing_is_cached()
    {
        var sku = $"SKU-{Guid.NewGuid():N}";
        await fixture.App.Sandbox.SetStockAsync(sku, 4);
        // A 4xx, which the connector's resilience pipeline does not retry: a retried 5xx could run out the budget (a 504).
        await fixture.App.Sandbox.FailNextAsync("inventory", 1, 400);

        using var failed = await _api.GetAsync($"/api/inventory/{sku}");
        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.BadGateway, "Inventory");

        var recovered = await _api.GetFromJsonAsync<JsonElement>($"/api/inventory/{sku}");
        Assert.Equal(4, recovered.GetProperty("quantity").GetInt32());
    }

    [Theory]
    [InlineData("bad%20sku")]
    [InlineData("sku!")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task An_invalid_sku_is_a_400_problem(string sku)
    {
        using var response = await _api.GetAsync($"/api/inventory/{sku}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task No_key_is_a_401()
    {
        using var anonymous = fixture.App.CreateApiClient(null);

        using var response = await anonymous.GetAsync("/api/inventory/SKU-1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
