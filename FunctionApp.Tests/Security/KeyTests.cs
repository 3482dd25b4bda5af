using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.Security;

public sealed class KeyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly OrderDriver _orders = new(fixture.App);

    public static TheoryData<string?> MissingOrWrongKeys => new() { null, "wrong-key-0123456789", AppFactory.FunctionKey + "x", "" };

    [Theory]
    [MemberData(nameof(MissingOrWrongKeys))]
    public async Task Placing_an_order_without_a_valid_key_is_a_401_problem_and_starts_nothing(string? key)
    {
        var sku = OrderDriver.NewSku();
        using var client = fixture.App.CreateApiClient(key);

        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku), client: client);

        await AssertUnauthorizedAsync(placed.Response);
        Assert.DoesNotContain(await _orders.Sandbox.RequestsAsync("inventory"), r => r.ToString().Contains(sku, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MissingOrWrongKeys))]
    public async Task Management_api_without_a_valid_key_is_a_401_problem(string? key)
    {
        using var client = fixture.App.CreateApiClient(key);

        await AssertUnauthorizedAsync(await client.GetAsync(OrderDriver.ManagementPrefix));
        await AssertUnauthorizedAsync(await client.GetAsync(OrderDriver.InstancePath("some-instance")));
        await AssertUnauthorizedAsync(await client.PostAsync(OrderDriver.InstancePath("some-instance") + "/terminate", null));
        await AssertUnauthorizedAsync(await client.DeleteAsync(OrderDriver.InstancePath("some-instance")));
    }

    [Theory]
    [MemberData(nameof(MissingOrWrongKeys))]
    [InlineData(AppFactory.FunctionKey)]
    public async Task The_operations_endpoints_need_the_admin_key(string? key)
    {
        using var client = fixture.App.CreateApiClient(key);

        foreach (var path in new[] { "/api/operations/integrations", "/api/operations/console-settings", "/api/inventory-changes/queues", "/api/order-batches" })
        {
            await AssertUnauthorizedAsync(await client.GetAsync(path));
        }

        await AssertUnauthorizedAsync(await client.PostAsync("/api/inventory-changes/poison/replay", null));
        await AssertUnauthorizedAsync(await client.PostAsync("/api/order-batches/scan", null));
    }

    [Fact]
    public async Task Function_key_cannot_manage_instances_but_can_read_their_status()
    {
        var instanceId = await _orders.PlaceBackOrderedAsync();
        var path = OrderDriver.InstancePath(instanceId);

        await AssertUnauthorizedAsync(await _orders.Api.PostAsync(path + "/terminate?reason=nope", null));
        await AssertUnauthorizedAsync(await _orders.Api.PostAsync(path + "/suspend", null));
        await AssertUnauthorizedAsync(await _orders.Api.PostAsync(path + "/raiseEvent/Restocked", null));
        await AssertUnauthorizedAsync(await _orders.Api.PostAsync(path + "/restart", null));
        await AssertUnauthorizedAsync(await _orders.Api.DeleteAsync(path));
        await AssertUnauthorizedAsync(await _orders.Api.GetAsync(OrderDriver.ManagementPrefix));
        await AssertUnauthorizedAsync(await _orders.Api.GetAsync(path));

        // The status URL handed to callers is the app's own function, which a function key reads.
        var status = await _orders.GetStatusAsync(instanceId, _orders.Api);
        Assert.Equal(HttpStatusCode.Accepted, status.Code);
        Assert.Equal("Running", status.RuntimeStatus);
        Assert.Equal("AwaitingRestock", status.Stage);
    }

    [Fact]
    public async Task Admin_key_places_orders_too()
    {
        var placed = await _orders.PlaceAsync(OrderDriver.Order(await _orders.StockedSkuAsync()), client: _orders.Admin);

        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Code_query_parameter_works_instead_of_the_header()
    {
        using var anonymous = fixture.App.CreateApiClient(null);
        var sku = await _orders.StockedSkuAsync();

        var placed = await anonymous.PostAsJsonAsync("/api/orders?timeout=60&code=" + Uri.EscapeDataString(AppFactory.FunctionKey), OrderDriver.Order(sku));
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var instanceId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;

        var status = await anonymous.GetAsync(OrderDriver.StatusPath(instanceId) + "?code=" + Uri.EscapeDataString(AppFactory.FunctionKey));
        Assert.True(status.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, status.StatusCode.ToString());

        var list = await anonymous.GetAsync(OrderDriver.ManagementPrefix + "?code=" + Uri.EscapeDataString(AppFactory.AdminKey));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        await AssertUnauthorizedAsync(await anonymous.GetAsync(OrderDriver.ManagementPrefix + "?code=" + Uri.EscapeDataString(AppFactory.FunctionKey)));
        await AssertUnauthorizedAsync(await anonymous.PostAsJsonAsync("/api/orders?code=wrong-key-0123456789", OrderDriver.Order(sku)));
    }

    [Fact]
    public async Task Health_endpoint_needs_no_key()
    {
        using var anonymous = fixture.App.CreateApiClient(null);

        var response = await anonymous.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unauthorized_answers_do_not_echo_the_presented_key()
    {
        const string presented = "secret-looking-key-0123456789";
        using var client = fixture.App.CreateApiClient(presented);

        var response = await client.GetAsync(OrderDriver.ManagementPrefix);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(presented, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        InvalidOrderTests.AssertProblem(response, text, 401);
    }
}
