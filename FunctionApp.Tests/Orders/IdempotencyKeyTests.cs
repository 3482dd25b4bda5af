using System.Net;

namespace FunctionApp.Tests.Orders;

public sealed class IdempotencyKeyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly OrderDriver _orders = new(fixture.App);

    private static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Same_key_and_body_twice_returns_the_same_instance_and_answer_and_invoices_once()
    {
        var order = OrderDriver.Order(await _orders.StockedSkuAsync());
        var key = NewKey();

        var first = await _orders.PlaceAsync(order, idempotencyKey: key);
        var second = await _orders.PlaceAsync(order, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.Response.StatusCode);
        Assert.Equal("Confirmed", second.Body.GetProperty("status").GetString());
        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.Equal(first.Body.ToString(), second.Body.ToString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", first.InstanceId + ":"));
    }

    [Fact]
    public async Task Same_key_with_another_body_is_a_409_problem_and_starts_nothing()
    {
        var sku = await _orders.StockedSkuAsync();
        var email = OrderDriver.NewEmail();
        var key = NewKey();
        var first = await _orders.PlaceAsync(OrderDriver.Order(sku, quantity: 1, email: email), idempotencyKey: key);
        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);

        var conflict = await _orders.PlaceAsync(OrderDriver.Order(sku, quantity: 2, email: email), idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("application/problem+json", conflict.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(409, conflict.Body.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", conflict.Body.GetProperty("detail").GetString());
        var invoices = await _orders.Sandbox.RequestsAsync("quickbooks");
        Assert.Single(invoices, i => i.GetProperty("body").GetProperty("Line")[0].GetProperty("SalesItemLineDetail").GetProperty("ItemRef").GetProperty("value").GetString() == sku);
    }

    [Fact]
    public async Task Same_key_with_a_different_callback_url_is_a_409()
    {
        var sku = await _orders.StockedSkuAsync();
        var email = OrderDriver.NewEmail();
        var key = NewKey();
        Assert.Equal(HttpStatusCode.OK, (await _orders.PlaceAsync(OrderDriver.Order(sku, email: email), idempotencyKey: key)).Response.StatusCode);

        var other = OrderDriver.Order(sku, email: email, callbackUrl: new Uri("http://127.0.0.1:9/hook"));
        var conflict = await _orders.PlaceAsync(other, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
    }

    [Fact]
    public async Task Same_key_sent_concurrently_starts_one_instance_and_every_caller_gets_it()
    {
        var order = OrderDriver.Order(await _orders.StockedSkuAsync());
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _orders.PlaceAsync(order, idempotencyKey: key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode));
        Assert.Single(answers.Select(a => a.InstanceId).Distinct());
        Assert.All(answers, a => Assert.Equal("Confirmed", a.Body.GetProperty("status").GetString()));
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", answers[0].InstanceId + ":"));
    }

    [Fact]
    public async Task Same_key_on_a_back_ordered_order_returns_the_early_reply_again()
    {
        var order = OrderDriver.Order(OrderDriver.NewSku());
        var key = NewKey();

        var first = await _orders.PlaceAsync(order, idempotencyKey: key);
        var again = await _orders.PlaceAsync(order, "?mode=async", idempotencyKey: key);
        var third = await _orders.PlaceAsync(order, idempotencyKey: key);

        Assert.Equal("BackOrdered", first.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.Response.StatusCode);
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(HttpStatusCode.OK, third.Response.StatusCode);
        Assert.Equal(first.Body.ToString(), third.Body.ToString());
    }

    [Fact]
    public async Task Empty_idempotency_key_is_a_400_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(OrderDriver.Order(OrderDriver.NewSku())),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "");

        var response = await _orders.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Idempotency_key_longer_than_200_characters_is_a_400_problem()
    {
        var placed = await _orders.PlaceAsync(OrderDriver.Order(OrderDriver.NewSku()), idempotencyKey: new string('k', 201));

        Assert.Equal(HttpStatusCode.BadRequest, placed.Response.StatusCode);
    }
}
