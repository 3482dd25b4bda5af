using System.Text.Json;
using LocalHost.Functions;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// What the Functions host reads of the built app: <c>functions.metadata</c> (written by the Functions SDK from the
/// attributes) names every function with its trigger, and <c>extensions.json</c> the host extensions it needs. These are
/// the app's contract with the host on Azure; LocalHost finds the same functions from the same attributes.
/// </summary>
public sealed class FunctionMetadataTests
{
    /// <summary>Every function: name, trigger, and the trigger's route and methods, authorization level, queue or schedule.</summary>
    public static TheoryData<string, string, string?, string?, string?, string?> Functions => new()
    {
        // HTTP: name, trigger, route, methods, authorization level, -
        { "Health", "httpTrigger", "health", "get", "Anonymous", null },
        { "Console", "httpTrigger", "console/{*asset}", "get", "Anonymous", null },
        { "GetConsoleSettings", "httpTrigger", "operations/console-settings", "get", "Admin", null },
        { "GetIntegrationHealth", "httpTrigger", "operations/integrations", "get", "Admin", null },
        { "ListOrderBatches", "httpTrigger", "order-batches", "get", "Admin", null },
        { "InspectInventoryChangeQueues", "httpTrigger", "inventory-changes/queues", "get", "Admin", null },
        { "PlaceOrder", "httpTrigger", "orders", "post", "Function", null },
        { "GetInstanceStatus", "httpTrigger", "instances/{instanceId}", "get", "Function", null },
        { "UploadOrderFile", "httpTrigger", "order-batches", "post", "Function", null },
        { "GetOrderReport", "httpTrigger", "order-batches/{id}/report", "get", "Function", null },
        { "ScanOrderFiles", "httpTrigger", "order-batches/scan", "post", "Admin", null },
        { "AcceptInventoryChanges", "httpTrigger", "inventory-changes", "post", "Function", null },
        { "ReplayPoisonedInventoryChanges", "httpTrigger", "inventory-changes/poison/replay", "post", "Admin", null },
        { "GetInventoryCount", "httpTrigger", "inventory/{sku}", "get", "Function", null },
        { "GetCustomer", "httpTrigger", "customers/{email}", "get", "Function", null },
        { "CheckCredit", "httpTrigger", "credit-checks", "post", "Function", null },
        // Queue and timer: name, trigger, -, -, -, queue name or schedule (app settings, resolved by the host)
        { "InventoryChanges", "queueTrigger", null, null, null, "%InventoryChanges:QueueName%" },
        { "OrderFileSchedule", "timerTrigger", null, null, null, "%OrderBatches:Schedule%" },
        // Durable
        { "PlaceOrderOrchestrator", "orchestrationTrigger", null, null, null, null },
        { "OrderWatchOrchestrator", "orchestrationTrigger", null, null, null, null },
        { "ProcessOrderFileOrchestrator", "orchestrationTrigger", null, null, null, null },
        { "PlaceOrderChunkOrchestrator", "orchestrationTrigger", null, null, null, null },
        { "CheckInventory", "activityTrigger", null, null, null, null },
        { "CreateInvoice", "activityTrigger", null, null, null, null },
        { "CreateAcmeOrder", "activityTrigger", null, null, null, null },
        { "SendEmail", "activityTrigger", null, null, null, null },
        { "NotifyAcme", "activityTrigger", null, null, null, null },
        { "DeliverCallback", "activityTrigger", null, null, null, null },
        { "ParseOrderFile", "activityTrigger", null, null, null, null },
        { "ReadOrderChunk", "activityTrigger", null, null, null, null },
        { "StartBatchOrders", "activityTrigger", null, null, null, null },
        { "SaveChunkResults", "activityTrigger", null, null, null, null },
        { "WriteOrderReport", "activityTrigger", null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_built_app_declares_each_function_to_the_host_with_its_trigger(string name, string trigger, string? route, string? methods, string? authLevel, string? queueOrSchedule)
    {
        var function = Assert.Single(Metadata(), f => f.GetProperty("name").GetString() == name);
        Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
        Assert.Equal("FunctionApp.dll", function.GetProperty("scriptFile").GetString());
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        Assert.Equal(trigger, binding.GetProperty("type").GetString());
        Assert.Equal("In", binding.GetProperty("direction").GetString());
        switch (trigger)
        {
            case "httpTrigger":
                Assert.Equal(route, binding.GetProperty("route").GetString());
                Assert.Equal([methods], binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
                Assert.Equal(authLevel, binding.GetProperty("authLevel").GetString());
                break;
            case "queueTrigger":
                Assert.Equal(queueOrSchedule, binding.GetProperty("queueName").GetString());
                break;
            case "timerTrigger":
                Assert.Equal(queueOrSchedule, binding.GetProperty("schedule").GetString());
                break;
        }
    }

    [Fact]
    public void The_metadata_lists_exactly_the_functions_of_the_app_and_so_does_LocalHost()
    {
        var declared = Metadata().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        var expected = Functions.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToList();
        var discovered = FunctionCatalog.Discover(typeof(IntegrationApp).Assembly).Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, declared);
        Assert.Equal(declared, discovered);
    }

    [Fact]
    public void The_host_loads_the_Durable_and_Storage_queue_extensions_shipped_with_the_app()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputFolder, "extensions.json")));
        var listed = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("hintPath").GetString()!);

        Assert.Contains("DurableTask", listed.Keys);
        Assert.Contains("AzureStorageQueues", listed.Keys);
        foreach (var hint in new[] { listed["DurableTask"], listed["AzureStorageQueues"] })
        {
            Assert.True(File.Exists(Path.Combine(OutputFolder, hint)), $"{hint} is not in the build output.");
        }

        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputFolder, "worker.config.json")));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
    }

    [Fact]
    public void The_host_configuration_names_the_task_hub_its_Azure_Storage_provider_and_a_short_polling_interval()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputFolder, "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        var provider = durable.GetProperty("storageProvider");

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(durable.GetProperty("hubName").GetString()));
        Assert.Equal("AzureStorage", provider.GetProperty("type").GetString());
        Assert.InRange(TimeSpan.Parse(provider.GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        Assert.InRange(provider.GetProperty("partitionCount").GetInt32(), 1, 16);
        Assert.True(host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32() > 5);
    }

    /// <summary>FunctionApp's build output, of the configuration these tests were built in (the project reference built it first).</summary>
    private static string OutputFolder { get; } = Path.Combine(DevStorage.RepositoryRoot.Find(), "FunctionApp", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");

    private static List<JsonElement> Metadata()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputFolder, "functions.metadata")));
        return metadata.RootElement.EnumerateArray().Select(f => f.Clone()).ToList();
    }
}
