using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableEngine;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// The deployable package, built by the publish command from this checkout: what it holds, and the packaged executable
/// running as the Functions host runs it, with this test acting as the host.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageTests(PackageFixture package)
{
    private const string ManagementPrefix = "/api/runtime/webhooks/durabletask";

    [Fact]
    public async Task Every_function_the_app_defines_has_its_function_json_and_nothing_else_does()
    {
        // The catalog of the app as it runs on Azure: default task hub, Sandbox off.
        await using var app = new CustomHandlerAppFactory();
        var expected = app.Catalog().Functions.ToDictionary(f => f.Name, f => f.ToFunctionJson());
        var written = Directory.GetFiles(package.PackageFolder, "function.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(Path.GetDirectoryName(f))!, f => JsonNode.Parse(File.ReadAllText(f)));

        Assert.Equal(expected.Keys.Order(), written.Keys.Order());
        Assert.All(expected, e => Assert.True(JsonNode.DeepEquals(e.Value, written[e.Key]), $"{e.Key}: {written[e.Key]}"));
        Assert.Contains("DurableWorkItems", written.Keys);
        Assert.Contains("ApiOrders", written.Keys);
    }

    [Fact]
    public void Host_json_points_at_an_executable_in_the_package_and_configures_the_triggers()
    {
        var executable = Path.Combine(package.PackageFolder, package.Executable);
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entryMode = (UnixFileMode)((zip.GetEntry(package.Executable)!.ExternalAttributes >> 16) & 0x1FF);
        var hostJson = package.HostJson;
        var queues = hostJson["extensions"]!["queues"]!;
        var engine = new DurableEngineOptions();

        Assert.Equal("FunctionApp", package.Executable);
        Assert.True(File.Exists(executable), executable);
        Assert.True(entryMode.HasFlag(UnixFileMode.UserExecute), $"zip entry mode {entryMode}");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"extracted mode {File.GetUnixFileMode(executable)}");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(package.RepositoryFolder, "host.json"))), hostJson));
        Assert.True(hostJson["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", hostJson["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("none", queues["messageEncoding"]!.GetValue<string>());
        // The engine poisons a message (and fails its instance with the reason) before the host moves it to its poison queue.
        Assert.True(queues["maxDequeueCount"]!.GetValue<int>() > Math.Max(engine.MaxDequeueCount, engine.MaxCompletionNoticeAttempts));
    }

    [Fact]
    public async Task The_executable_listens_on_the_custom_handler_port_only_and_serves_forwarded_http_with_its_keys()
    {
        using var anonymous = new HttpClient { BaseAddress = package.App.BaseAddress };
        using var api = Client(AppFactory.FunctionKey);

        using var health = await anonymous.GetAsync("/api/health");
        using var noKey = await anonymous.PostAsJsonAsync("/api/orders?mode=async", Order("SKU-NOKEY"));
        using var forwarded = new HttpRequestMessage(HttpMethod.Post, "/api/orders?mode=async") { Content = JsonContent.Create(Order("SKU-" + Guid.NewGuid().ToString("N")[..8])) };
        forwarded.Headers.Host = "acme-func.azurewebsites.net";
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var accepted = await api.SendAsync(forwarded);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"https://acme-func.azurewebsites.net{ManagementPrefix}/instances/{id}", body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(body.GetProperty("statusQueryGetUri").GetString(), accepted.Headers.Location?.ToString());
        Assert.False(await HandlerProcess.IsListeningAsync(package.App.InheritedUrlsPort), "The app listens on the ASPNETCORE_URLS it inherited.");

        // Behind the host the management API is under /api (the host keeps /runtime), with its keys. The host delivers the
        // queue messages, not the app's own dispatchers: with nobody delivering them the order stays where it is.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var status = await api.GetAsync($"{ManagementPrefix}/instances/{id}");
        using var list = await api.GetAsync($"{ManagementPrefix}/instances");
        using var durablePath = await api.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal("Pending", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, durablePath.StatusCode);
    }

    [Fact]
    public async Task Queue_trigger_invocations_run_orders_to_the_standalone_outcome_and_failures_are_retried_then_poisoned()
    {
        using var api = Client(AppFactory.FunctionKey);
        using var host = HostClient();
        var sku = await StockedSkuAsync();
        var closedPort = FreePorts.Next();

        var confirmed = await StartAsync(api, Order(sku));
        var callbackDown = await StartAsync(api, Order(sku, callbackUrl: $"http://127.0.0.1:{closedPort}/callback"));
        var simulator = new FunctionsHostSimulator(host, FunctionsHostSimulator.QueueTriggers(package.PackageFolder, package.ConnectionString));
        var poison = new QueueClient(package.ConnectionString, "acmehub-poison");
        await simulator.RunUntilAsync(
            async () => await IsCompletedAsync(api, confirmed) && await IsCompletedAsync(api, callbackDown) && await PoisonHoldsAsync(poison, callbackDown),
            TimeSpan.FromSeconds(90));

        // The same outcome as standalone: Confirmed, one invoice, one Acme order, one email.
        var output = (await api.GetFromJsonAsync<JsonElement>($"{ManagementPrefix}/instances/{confirmed}")).GetProperty("output");
        Assert.Equal("Confirmed", output.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(output.GetProperty("invoiceId").GetString()));
        Assert.False(string.IsNullOrEmpty(output.GetProperty("acmeOrderId").GetString()));
        Assert.Single(await Sandbox.RequestsAsync("quickbooks", confirmed + ":"));
        Assert.Single(await Sandbox.RequestsAsync("ses", confirmed + "."));

        // Every delivery succeeded but the completion notice whose callback receiver is down: 500 with a problem, delivered
        // again with a higher dequeue count until the engine poisoned it (at Durable:MaxCompletionNoticeAttempts = 3).
        var invocations = simulator.Invocations.ToList();
        Assert.Contains(invocations, i => i.Function.StartsWith("DurableControl", StringComparison.Ordinal) && i.Succeeded);
        Assert.Contains(invocations, i => i.Function == "DurableWorkItems" && i.Succeeded);
        var failed = invocations.Where(i => !i.Succeeded).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, i =>
        {
            Assert.Equal(("DurableWorkItems", 500), (i.Function, i.Status));
            Assert.Contains(callbackDown, i.MessageText, StringComparison.Ordinal);
            Assert.Equal("Invocation failed", JsonNode.Parse(i.Body)!["title"]!.GetValue<string>());
        });
        var notice = failed[0].MessageId;
        Assert.Equal([1L, 2L], failed.Select(i => i.DequeueCount).Order());
        Assert.Contains(invocations, i => i.MessageId == notice && i.DequeueCount == 3 && i.Succeeded);
    }

    [Fact]
    public async Task An_envelope_the_app_cannot_read_is_a_non_success_and_an_undecodable_message_is_poisoned_at_once()
    {
        using var host = new HttpClient { BaseAddress = package.App.BaseAddress };
        var messageId = Guid.NewGuid().ToString();

        using var invalid = await host.PostAsync("/DurableWorkItems", Envelopes.Json("""{"Metadata":{"DequeueCount":1}}"""));
        using var garbage = await host.PostAsync("/DurableControl00", Envelopes.QueueMessage("message", "not a message", messageId, 1, EnvelopeStyle.HostCode));
        using var unknown = await host.PostAsync("/NoSuchFunction", Envelopes.QueueMessage("message", "{}", messageId, 1, EnvelopeStyle.HostCode));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        Assert.True(await PoisonHoldsAsync(new QueueClient(package.ConnectionString, "acmehub-poison"), messageId));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("differ from what this app defines", package.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_published_for_another_task_hub_is_reported_when_the_host_starts_it()
    {
        await using var app = await HandlerProcess.StartAsync(package.PackageFolder, package.Executable, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = package.ConnectionString,
            ["Durable:TaskHubName"] = "OtherHub",
            ["Auth:FunctionKey"] = AppFactory.FunctionKey,
            ["Auth:AdminKey"] = AppFactory.AdminKey,
            ["Callbacks:SigningKey"] = AppFactory.SigningKey,
            ["InventoryChanges:WebhookSecret"] = TestSettings.WarehouseWebhookSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        });

        await Poll.UntilAsync(() => Task.FromResult(app.Output), o => o.Contains("DurableControl00", StringComparison.Ordinal), what: "the mismatch report");
        Assert.Contains("differ from what this app defines for: DurableControl00, DurableControl01, DurableControl02, DurableControl03, DurableWorkItems", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_invocation_submits_new_order_files_and_their_batch_runs_on_queue_invocations()
    {
        using var api = Client(AppFactory.FunctionKey);
        using var host = HostClient();
        var sku = await StockedSkuAsync();
        var file = $"package-test/{Guid.NewGuid():N}.csv";
        var incoming = new BlobContainerClient(package.ConnectionString, package.Settings["OrderBatches:IncomingContainer"]);
        await incoming.CreateIfNotExistsAsync();
        await incoming.GetBlobClient(file).UploadAsync(BinaryData.FromString($"orderRef,customerEmail,customerName,sku,quantity,unitPrice\nP-1,ann@example.com,Ann,{sku},1,2\n"));

        using var timer = await host.PostAsync("/OrderFileSchedule", Envelopes.Json("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"IsPastDue":false}},"Metadata":{}}"""));

        Assert.Equal(HttpStatusCode.OK, timer.StatusCode);
        var batch = (await incoming.GetBlobClient(file).GetPropertiesAsync()).Value.Metadata["orderbatch"];
        var simulator = new FunctionsHostSimulator(host, FunctionsHostSimulator.QueueTriggers(package.PackageFolder, package.ConnectionString));
        await simulator.RunUntilAsync(() => IsCompletedAsync(api, batch), TimeSpan.FromSeconds(90));
        var output = (await api.GetFromJsonAsync<JsonElement>($"{ManagementPrefix}/instances/{batch}")).GetProperty("output");
        Assert.Equal(1, output.GetProperty("confirmed").GetInt32());
    }

    /// <summary>A client as the Functions host is: no key, straight to the app's port.</summary>
    private HttpClient HostClient() => new() { BaseAddress = package.App.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };

    private SandboxControl Sandbox => new(new HttpClient { BaseAddress = package.App.BaseAddress });

    private async Task<string> StockedSkuAsync()
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];
        await Sandbox.SetStockAsync(sku, 10);
        return sku;
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = package.App.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }

    private static object Order(string sku, string? callbackUrl = null) => new
    {
        customer = new { email = "ann@example.com", name = "Ann" },
        lines = new[] { new { sku, quantity = 2, unitPrice = 9.5m } },
        callbackUrl,
    };

    private static async Task<string> StartAsync(HttpClient api, object order)
    {
        using var response = await api.PostAsJsonAsync("/api/orders?mode=async", order);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<bool> IsCompletedAsync(HttpClient api, string instanceId)
    {
        var status = await api.GetFromJsonAsync<JsonElement>($"{ManagementPrefix}/instances/{instanceId}");
        var runtimeStatus = status.GetProperty("runtimeStatus").GetString();
        return runtimeStatus is "Failed" or "Terminated"
            ? throw new InvalidOperationException($"Instance {instanceId} ended {runtimeStatus}: {status}")
            : runtimeStatus == "Completed";
    }

    private static async Task<bool> PoisonHoldsAsync(QueueClient poison, string text)
    {
        if (!(await poison.ExistsAsync()).Value)
        {
            return false;
        }

        var messages = (await poison.PeekMessagesAsync(32)).Value;
        return messages.Any(m => m.MessageText.Contains(text, StringComparison.Ordinal));
    }
}
