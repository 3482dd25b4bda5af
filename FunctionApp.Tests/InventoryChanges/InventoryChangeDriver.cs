using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using LocalHost.Triggers;
using FunctionApp.InventoryChanges;
using FunctionApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>
/// Drives the inventory-change sync of one app the way its neighbours do: the warehouse's signed webhook, the ERP's
/// balances and faults in the Sandbox, and the app's change and poison queues.
/// </summary>
public sealed class InventoryChangeDriver(AppFactory app)
{
    public const string Webhook = "/api/inventory-changes";
    public const string Replay = "/api/inventory-changes/poison/replay";

    private readonly HttpClient _sandbox = app.CreateApiClient(null);

    public AppFactory App => app;

    public QueueClient Queue => Queues.GetQueueClient(app.Services.GetRequiredService<InventoryChangeQueues>().QueueName);

    public QueueClient PoisonQueue => Queues.GetQueueClient(app.Services.GetRequiredService<InventoryChangeQueues>().PoisonQueueName);

    private QueueServiceClient Queues => app.Services.GetRequiredService<QueueServiceClient>();

    /// <summary>
    /// Starts an app whose change queue is its own (test apps share one Azurite, and every app's runner polls its
    /// <c>InventoryChanges:QueueName</c>); <paramref name="overrides"/> and <paramref name="services"/> as for <see cref="AppFactory.StartAsync"/>.
    /// </summary>
    public static Task<AppFactory> StartAppAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?> { ["InventoryChanges:QueueName"] = "inv-" + Guid.NewGuid().ToString("N")[..12] };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return AppFactory.StartAsync(settings, services);
    }

    /// <summary>Deliveries of a change before an app from <see cref="StartQuickToPoisonAsync"/> gives up on it.</summary>
    public const int QuickMaxAttempts = 2;

    /// <summary>An app that gives up on a failing change after <see cref="QuickMaxAttempts"/> quick deliveries (one quick ERP retry each).</summary>
    public static Task<AppFactory> StartQuickToPoisonAsync() => StartAppAsync(new Dictionary<string, string?>
    {
        ["InventoryChanges:MaxAttempts"] = QuickMaxAttempts.ToString(CultureInfo.InvariantCulture),
        ["InventoryChanges:MaxBatchAge"] = "00:00:00.100",
        ["Triggers:VisibilityTimeout"] = "00:00:00.200",
        ["Integrations:Erp:Retries"] = "1",
        ["Integrations:Erp:RetryDelay"] = "00:00:00.050",
    });

    /// <summary>Settings for an app whose queue nobody consumes: what the webhook enqueued stays there to be counted.</summary>
    public static void WithoutQueueConsumer(IServiceCollection services)
    {
        var runner = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TriggerRunner));
        services.Remove(runner);
    }

    /// <summary>The warehouse's header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public static string Sign(string body, string secret = TestSettings.WarehouseWebhookSecret, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var hmac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(hmac)}";
    }

    /// <summary>A webhook body of the given changes: <c>{"changes":[{"id","sku","delta"}]}</c>.</summary>
    public static string Body(IEnumerable<(string Id, string Sku, int Delta)> changes) =>
        JsonSerializer.Serialize(new { changes = changes.Select(c => new { id = c.Id, sku = c.Sku, delta = c.Delta, occurredAt = "2026-11-25T10:00:00Z" }) });

    /// <summary>Posts a body with the function key and the given signature header (signed correctly when not given; none when empty).</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? signature = null, string key = TestSettings.FunctionKey, string contentType = "application/json")
    {
        using var client = app.CreateApiClient(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        signature ??= Sign(body);
        if (signature.Length > 0)
        {
            request.Headers.Add(InventoryChangesFunctions.SignatureHeader, signature);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Posts the changes, signed, and insists on 202.</summary>
    public async Task PostAcceptedAsync(IEnumerable<(string Id, string Sku, int Delta)> changes)
    {
        var list = changes.ToList();
        using var response = await PostAsync(Body(list));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        Assert.Equal(list.Count, JsonElement.Parse(text).GetProperty("accepted").GetInt32());
    }

    public async Task<HttpResponseMessage> ReplayAsync(string key, string query = "")
    {
        using var client = app.CreateApiClient(key);
        return await client.PostAsync(Replay + query, null);
    }

    /// <summary>The ERP's balance of a SKU: <c>(onHand, appliedChanges)</c>.</summary>
    public async Task<(long OnHand, long AppliedChanges)> BalanceAsync(string sku)
    {
        var balance = await _sandbox.GetFromJsonAsync<JsonElement>($"/sandbox/erp/api/v1/stock/{Uri.EscapeDataString(sku)}");
        return (balance.GetProperty("onHand").GetInt64(), balance.GetProperty("appliedChanges").GetInt64());
    }

    /// <summary>Arms the ERP's faults (<c>{"failNext","failEvery","status","afterApply"}</c>) and returns the state the Sandbox keeps.</summary>
    public async Task ArmErpFaultsAsync(object settings)
    {
        using var response = await _sandbox.PostAsJsonAsync("/sandbox/erp/faults", settings);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> ErpFaultsAsync() => await _sandbox.GetFromJsonAsync<JsonElement>("/sandbox/erp/faults");

    public async Task ClearErpFaultsAsync() => (await _sandbox.DeleteAsync("/sandbox/erp/faults")).EnsureSuccessStatusCode();

    /// <summary>The ERP batch calls that reached it (and were applied, whether or not their answer got back).</summary>
    public Task<List<JsonElement>> ErpCallsAsync() => app.Sandbox.RequestsAsync("erp");

    /// <summary>Messages on a queue, visible or not (deleted ones are not).</summary>
    public static async Task<int> CountAsync(QueueClient queue) =>
        await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

    /// <summary>The visible messages of a queue (up to 32), without taking them.</summary>
    public static async Task<List<JsonElement>> PeekAsync(QueueClient queue)
    {
        if (!await queue.ExistsAsync())
        {
            return [];
        }

        var messages = (await queue.PeekMessagesAsync(32)).Value;
        return [.. messages.Select(m => JsonElement.Parse(m.Body.ToString()))];
    }
}
