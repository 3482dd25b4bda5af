using System.Net;
using System.Text;
using System.Text.Json;
using FunctionApp.Callbacks;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.Callbacks;

public sealed class CallbackTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly OrderDriver _orders = new(fixture.App);

    [Fact]
    public async Task Order_with_a_callback_url_posts_the_signed_final_status_exactly_once()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var first = await PlaceWithCallbackAsync(receiver);

        var callback = await WaitForCallbacksAsync(receiver, first, 1);

        var body = JsonSerializer.Deserialize<JsonElement>(callback.Body);
        Assert.Equal(first, body.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Confirmed", body.GetProperty("output").GetProperty("status").GetString());
        Assert.Equal(first, callback.Headers["X-Acme-Instance-Id"]);
        Assert.StartsWith("application/json", callback.Headers["Content-Type"]);
        var signature = callback.Headers[CallbackSignature.HeaderName];
        Assert.True(CallbackSignature.Verify(AppFactory.SigningKey, signature, callback.Body, DateTimeOffset.UtcNow, Tolerance));

        // A later order's callback arriving shows the notices behind the first one have been worked off: still one.
        var second = await PlaceWithCallbackAsync(receiver);
        await WaitForCallbacksAsync(receiver, second, 1);
        Assert.Single(receiver.Received, c => c.Headers["X-Acme-Instance-Id"] == first);
        Assert.Equal(2, receiver.Attempts);
    }

    [Fact]
    public async Task Callback_signature_does_not_verify_for_a_tampered_body_another_key_or_an_old_timestamp()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var instanceId = await PlaceWithCallbackAsync(receiver);
        var callback = await WaitForCallbacksAsync(receiver, instanceId, 1);
        var signature = callback.Headers[CallbackSignature.HeaderName];

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(callback.Body).Replace("Completed", "Completes", StringComparison.Ordinal));
        Assert.NotEqual(callback.Body, tampered);
        Assert.False(CallbackSignature.Verify(AppFactory.SigningKey, signature, tampered, DateTimeOffset.UtcNow, Tolerance));
        Assert.False(CallbackSignature.Verify(AppFactory.SigningKey + "x", signature, callback.Body, DateTimeOffset.UtcNow, Tolerance));
        Assert.False(CallbackSignature.Verify(AppFactory.SigningKey, signature, callback.Body, DateTimeOffset.UtcNow.AddHours(1), Tolerance));
        Assert.True(CallbackSignature.Verify(AppFactory.SigningKey, signature, callback.Body, DateTimeOffset.UtcNow, Tolerance));
    }

    [Fact]
    public async Task Callback_is_retried_with_backoff_until_the_receiver_accepts_it()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.FailNext(2);

        var instanceId = await PlaceWithCallbackAsync(receiver);

        // The engine waits 2 s, then 4 s, between deliveries of a failed completion notice.
        var callback = await WaitForCallbacksAsync(receiver, instanceId, 1, TimeSpan.FromSeconds(90));
        Assert.Equal(3, receiver.Attempts);
        var body = JsonSerializer.Deserialize<JsonElement>(callback.Body);
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        Assert.True(CallbackSignature.Verify(AppFactory.SigningKey, callback.Headers[CallbackSignature.HeaderName], callback.Body, DateTimeOffset.UtcNow, Tolerance));
    }

    [Fact]
    public async Task Back_ordered_order_calls_back_only_when_it_finally_completes()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var placed = await _orders.PlaceAsync(OrderDriver.Order(OrderDriver.NewSku(), callbackUrl: receiver.Url));
        Assert.Equal("BackOrdered", placed.Body.GetProperty("status").GetString());
        var instanceId = placed.InstanceId;
        await _orders.WaitForStatusAsync(instanceId, s => s.RuntimeStatus == "Running" && s.Stage == "AwaitingRestock");
        Assert.Equal(0, receiver.Attempts);

        var terminated = await _orders.PostAdminAsync(OrderDriver.InstancePath(instanceId) + "/terminate?reason=cancelled%20by%20customer");
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);

        var callback = await WaitForCallbacksAsync(receiver, instanceId, 1);
        var body = JsonSerializer.Deserialize<JsonElement>(callback.Body);
        Assert.Equal("Terminated", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("cancelled by customer", body.GetProperty("output").GetString());
    }

    private async Task<string> PlaceWithCallbackAsync(CallbackReceiver receiver)
    {
        var sku = await _orders.StockedSkuAsync();
        var placed = await _orders.PlaceAsync(OrderDriver.Order(sku, callbackUrl: receiver.Url));
        Assert.Equal(HttpStatusCode.OK, placed.Response.StatusCode);
        return placed.InstanceId;
    }

    private static async Task<ReceivedCallback> WaitForCallbacksAsync(CallbackReceiver receiver, string instanceId, int count, TimeSpan? timeout = null)
    {
        var received = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Received.Where(c => c.Headers["X-Acme-Instance-Id"] == instanceId).ToList()),
            list => list.Count >= count,
            timeout ?? TimeSpan.FromSeconds(60),
            $"{count} callback(s) for {instanceId}");
        return received[0];
    }
}
