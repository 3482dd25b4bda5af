using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Orders;

/// <summary>Places orders and reads instances through the app's HTTP API, as a caller would.</summary>
public sealed class OrderDriver(AppFactory app)
{
    public const string ManagementPrefix = "/runtime/webhooks/durabletask/instances";

    public AppFactory App => app;

    public HttpClient Api { get; } = app.CreateApiClient();

    public HttpClient Admin { get; } = app.CreateApiClient(AppFactory.AdminKey);

    public SandboxControl Sandbox => app.Sandbox;

    public static string NewSku() => "SKU-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewEmail() => $"c{Guid.NewGuid():N}@example.com";

    public static object Order(string sku, int quantity = 2, decimal unitPrice = 9.5m, string? email = null, Uri? callbackUrl = null) => new
    {
        customer = new { email = email ?? NewEmail(), name = "Ann Buyer" },
        lines = new[] { new { sku, quantity, unitPrice } },
        callbackUrl = callbackUrl?.ToString(),
    };

    /// <summary>A SKU with the given stock.</summary>
    public async Task<string> StockedSkuAsync(int quantity = 10)
    {
        var sku = NewSku();
        await Sandbox.SetStockAsync(sku, quantity);
        return sku;
    }

    /// <summary>
    /// Posts an order. Unless <paramref name="query"/> sets a timeout, a sync request waits up to 60 s (not the default
    /// 10 s), so a loaded test machine does not turn an expected 200 into a 202.
    /// </summary>
    public async Task<Placed> PlaceAsync(object order, string query = "", string? idempotencyKey = null, HttpClient? client = null)
    {
        if (!query.Contains("timeout=", StringComparison.Ordinal))
        {
            query += (query.Length == 0 ? "?" : "&") + "timeout=60";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders" + query) { Content = JsonContent.Create(order) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await (client ?? Api).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Placed(response, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    /// <summary>Places an order that will be back-ordered and waits until the instance is waiting for the restock.</summary>
    public async Task<string> PlaceBackOrderedAsync()
    {
        var placed = await PlaceAsync(Order(NewSku()), "?mode=async");
        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        await WaitForStatusAsync(placed.InstanceId, s => s.RuntimeStatus == "Running" && s.Stage == "AwaitingRestock");
        return placed.InstanceId;
    }

    /// <summary>Places an in-stock order and returns its instance id once it has completed.</summary>
    public async Task<string> PlaceConfirmedAsync()
    {
        var placed = await PlaceAsync(Order(await StockedSkuAsync()), "?mode=async");
        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        var done = await WaitForRuntimeStatusAsync(placed.InstanceId, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        return placed.InstanceId;
    }

    /// <summary>An instance in Durable's management API (the admin key).</summary>
    public static string InstancePath(string instanceId) => $"{ManagementPrefix}/{Uri.EscapeDataString(instanceId)}";

    /// <summary>An instance's status URL, the <c>statusQueryGetUri</c> handed to callers (a function key).</summary>
    public static string StatusPath(string instanceId) => $"/api/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>An instance's status: through the management API with the admin key, or the caller's status URL with <see cref="Api"/>.</summary>
    public async Task<Status> GetStatusAsync(string instanceIdOrUrl, HttpClient? client = null, string query = "")
    {
        var url = instanceIdOrUrl.StartsWith("http", StringComparison.Ordinal) ? instanceIdOrUrl
            : client == Api ? StatusPath(instanceIdOrUrl)
            : InstancePath(instanceIdOrUrl);
        var response = await (client ?? Admin).GetAsync(url + query);
        var text = await response.Content.ReadAsStringAsync();
        return new Status(response, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    public Task<Status> WaitForStatusAsync(string instanceIdOrUrl, Func<Status, bool> done, TimeSpan? timeout = null, HttpClient? client = null) =>
        Poll.UntilAsync(() => GetStatusAsync(instanceIdOrUrl, client), done, timeout ?? TimeSpan.FromSeconds(60), $"the status of {instanceIdOrUrl}");

    public Task<Status> WaitForRuntimeStatusAsync(string instanceId, string runtimeStatus, TimeSpan? timeout = null) =>
        WaitForStatusAsync(instanceId, s => s.RuntimeStatus == runtimeStatus, timeout);

    public async Task<HttpResponseMessage> PostAdminAsync(string path, object? body = null) =>
        await Admin.PostAsync(path, body is null ? null : JsonContent.Create(body));

    public async Task<int> CountAsync(string system, string keyPrefix) => (await Sandbox.RequestsAsync(system, keyPrefix)).Count;

    public async Task<List<JsonElement>> AcmeAsync(string instanceId, string operation) =>
        (await Sandbox.RequestsAsync("acme", instanceId + ":")).Where(r => r.GetProperty("operation").GetString() == operation).ToList();

    public async Task<List<JsonElement>> EmailsToAsync(string instanceId, string to) =>
        (await Sandbox.RequestsAsync("ses", instanceId + "."))
            .Where(r => r.GetProperty("body").GetProperty("Destination").GetProperty("ToAddresses")[0].GetString() == to)
            .ToList();
}

/// <summary>The answer to <c>POST /api/orders</c>.</summary>
public sealed record Placed(HttpResponseMessage Response, JsonElement Body)
{
    public string InstanceId => Body.TryGetProperty("instanceId", out var id) ? id.GetString()! : Body.GetProperty("id").GetString()!;

    public override string ToString() => $"{(int)Response.StatusCode} {Body}";
}

/// <summary>An answer of the status endpoint.</summary>
public sealed record Status(HttpResponseMessage Response, JsonElement Body)
{
    public HttpStatusCode Code => Response.StatusCode;

    public string? RuntimeStatus => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("runtimeStatus", out var s) ? s.GetString() : null;

    /// <summary>The order's stage, from its custom status.</summary>
    public string? Stage => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("customStatus", out var c)
        && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("stage", out var stage) ? stage.GetString() : null;

    public override string ToString() => $"{(int)Response.StatusCode} {Body}";
}
