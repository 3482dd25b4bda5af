using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionApp.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Hosting;

public sealed partial class FunctionCatalogTests
{
    [Fact]
    public async Task Every_route_the_app_maps_is_an_http_function_with_its_methods()
    {
        await using var app = new CustomHandlerAppFactory();
        var catalog = app.Catalog();
        var http = catalog.Http.ToList();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FunctionInvocationEndpoint>() is null)
            .ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = FunctionCatalog.Route(endpoint.RoutePattern);
            var function = Assert.Single(http, f => f.Route == route);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                Assert.Contains(method.ToLowerInvariant(), function.Methods);
            }
        }

        Assert.Equal(endpoints.Select(e => FunctionCatalog.Route(e.RoutePattern)).Distinct().Order(), http.Select(f => f.Route).Order());
        Assert.Equal(["get"], Assert.Single(http, f => f.Route == "api/health").Methods);
        Assert.Equal(["post"], Assert.Single(http, f => f.Route == "api/orders").Methods);
        Assert.Equal(["delete", "get"], Assert.Single(http, f => f.Route == "api/runtime/webhooks/durabletask/instances/{instanceId}").Methods);
        Assert.Contains(http, f => f.Route == "api/runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}");
    }

    [Fact]
    public async Task No_route_is_one_the_functions_host_reserves_and_none_is_an_invocation_endpoint()
    {
        await using var app = new CustomHandlerAppFactory();
        var catalog = app.Catalog();

        Assert.All(catalog.Http, f => Assert.False(
            f.Route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || f.Route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase),
            f.Route));
        Assert.DoesNotContain(catalog.Http, f => catalog.Triggers.Any(t => string.Equals(f.Route, t.Name, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(catalog.Http, f => f.Route.StartsWith("sandbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_engines_queues_are_queue_trigger_functions()
    {
        await using var app = new CustomHandlerAppFactory(new Dictionary<string, string?>
        {
            ["Durable:TaskHubName"] = "CatalogHub",
            ["Durable:PartitionCount"] = "3",
        });
        var queues = app.Catalog().Triggers.OfType<QueueFunction>().Where(q => q.Name.StartsWith("Durable", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [("DurableControl00", "cataloghub-control-00"), ("DurableControl01", "cataloghub-control-01"), ("DurableControl02", "cataloghub-control-02"), ("DurableWorkItems", "cataloghub-workitems")],
            queues.Select(q => (q.Name, q.QueueName)));
        var binding = Assert.Single(queues[0].ToFunctionJson()["bindings"]!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"queueTrigger","direction":"in","name":"message","queueName":"cataloghub-control-00","connection":"AzureWebJobsStorage"}"""),
            binding));
    }

    [Fact]
    public async Task Function_names_are_valid_and_unique()
    {
        await using var app = new CustomHandlerAppFactory(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        var names = app.Catalog().Functions.Select(f => f.Name).ToList();

        Assert.All(names, name => Assert.Matches(ValidName(), name));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task Sandbox_routes_are_functions_only_when_the_sandbox_is_on()
    {
        await using var on = new CustomHandlerAppFactory(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        await using var off = new CustomHandlerAppFactory();

        Assert.Contains(on.Catalog().Http, f => f.Route.StartsWith("sandbox/", StringComparison.Ordinal));
        Assert.DoesNotContain(off.Catalog().Http, f => f.Route.StartsWith("sandbox/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_order_file_schedule_is_a_timer_function_on_the_configured_schedule()
    {
        await using var app = new CustomHandlerAppFactory(new Dictionary<string, string?> { ["OrderBatches:Schedule"] = "0 30 5 * * 1-5" });

        var timer = Assert.Single(app.Catalog().Triggers.OfType<TimerFunction>(), t => t.Name == "OrderFileSchedule");

        Assert.Equal("0 30 5 * * 1-5", timer.ToFunctionJson()["bindings"]![0]!["schedule"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_inventory_change_queue_is_a_queue_function_on_the_configured_queue()
    {
        await using var app = new CustomHandlerAppFactory(new Dictionary<string, string?> { ["InventoryChanges:QueueName"] = "warehouse-changes" });

        var queue = Assert.Single(app.Catalog().Triggers.OfType<QueueFunction>(), q => q.Name == "InventoryChanges");

        Assert.Equal("warehouse-changes", queue.ToFunctionJson()["bindings"]![0]!["queueName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("every day at two")]
    [InlineData("0 2 * * *")]
    public void An_order_file_schedule_that_is_not_ncrontab_stops_the_app_naming_the_setting(string schedule)
    {
        using var app = new CustomHandlerAppFactory(new Dictionary<string, string?> { ["OrderBatches:Schedule"] = schedule });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("OrderBatches:Schedule", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_timer_function_is_a_timer_trigger_with_an_invocation_endpoint()
    {
        var runs = 0;
        await using var app = new CustomHandlerAppFactory(services: s => s.AddTimerFunction("NightlyTest", "0 0 2 * * *", (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }));
        var timer = Assert.Single(app.Catalog().Triggers.OfType<TimerFunction>(), t => t.Name == "NightlyTest");
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/NightlyTest", Envelopes.Json("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"IsPastDue":false}},"Metadata":{}}"""));

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"0 0 2 * * *"}]}"""),
            timer.ToFunctionJson()));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Outputs":{},"Logs":[],"ReturnValue":null}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_route_the_host_reserves_is_refused_with_the_reason()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.HttpFunctions([Endpoint("/runtime/webhooks/durabletask/instances")]));

        Assert.Contains("reserves routes starting with 'runtime'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/orders/", "api/orders", "ApiOrders")]
    [InlineData("/api/items/{id:int}/{rest?}", "api/items/{id}/{rest?}", "ApiItemsByIdByRest")]
    [InlineData("/api/files/{**path}", "api/files/{*path}", "ApiFilesByPath")]
    [InlineData("/2fa/check-code", "2fa/check-code", "Http2faCheckCode")]
    public void Routes_and_names_come_from_the_route_pattern(string pattern, string route, string name)
    {
        var function = Assert.Single(FunctionCatalog.HttpFunctions([Endpoint(pattern)]));

        Assert.Equal(route, function.Route);
        Assert.Equal(name, function.Name);
    }

    private static RouteEndpoint Endpoint(string pattern) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(new HttpMethodMetadata(["GET"])), pattern);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,126}$")]
    private static partial Regex ValidName();
}
