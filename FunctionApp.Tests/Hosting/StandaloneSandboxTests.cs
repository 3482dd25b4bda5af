using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// The Sandbox run on its own (<c>dotnet run --project Sandbox</c>), as under <c>func start</c>, whose host serves no
/// <c>/sandbox</c>: it answers by itself, and the app reaches it through <c>Sandbox:BaseUrl</c>.
/// </summary>
public sealed class StandaloneSandboxTests(StandaloneSandboxFixture fixture) : IClassFixture<StandaloneSandboxFixture>
{
    [Fact]
    public async Task The_standalone_Sandbox_keeps_the_stock_it_is_given_and_answers_it()
    {
        using var put = await fixture.Sandbox.Http.PutAsJsonAsync("/sandbox/inventory/items/SKU-1", new { quantity = 7 });
        var item = await fixture.Sandbox.Http.GetFromJsonAsync<JsonElement>("/sandbox/inventory/items/SKU-1");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("SKU-1", item.GetProperty("sku").GetString());
        Assert.Equal(7, item.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task A_connector_without_a_BaseUrl_of_its_own_calls_the_Sandbox_at_Sandbox_BaseUrl()
    {
        await fixture.Sandbox.Control.SetStockAsync("SKU-1", 7);
        var before = (await fixture.Sandbox.Control.RequestsAsync("inventory")).Count;
        // The app's own Sandbox is off and on other storage: a 7 can only come from the standalone one.
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sandbox:BaseUrl"] = fixture.Sandbox.BaseAddress.ToString(),
        });
        using var api = app.CreateApiClient();
        using var anonymous = app.CreateApiClient(null);

        var count = await api.GetFromJsonAsync<JsonElement>("/api/inventory/SKU-1");
        using var ownSandbox = await anonymous.GetAsync("/sandbox/inventory/items/SKU-1");

        Assert.Equal(7, count.GetProperty("quantity").GetInt32());
        Assert.Equal(before + 1, (await fixture.Sandbox.Control.RequestsAsync("inventory")).Count);
        Assert.Equal(HttpStatusCode.NotFound, ownSandbox.StatusCode);
    }
}
