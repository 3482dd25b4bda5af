using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Telemetry;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FunctionApp.Tests.Console;

/// <summary>What the console needs to link a run to its trace: the trace viewer's URL (<c>Console:TraceUrl</c>) and the run's trace id in its history.</summary>
public sealed class ConsoleSettingsTests
{
    private const string Path = "/api/operations/console-settings";

    [Theory]
    [InlineData("http://localhost:16686/trace/")]
    [InlineData("ftp://localhost/trace/{traceId}")]
    [InlineData("/trace/{traceId}")]
    public async Task A_trace_url_without_the_placeholder_or_not_absolute_http_stops_the_app_at_start(string traceUrl)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => AppFactory.StartAsync(new Dictionary<string, string?> { ["Console:TraceUrl"] = traceUrl }));

        Assert.Contains("Console:TraceUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trace_url_is_given_to_the_admin_key_only_and_is_null_when_not_set()
    {
        const string jaeger = "http://localhost:16686/trace/{traceId}";
        await using var configured = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Console:TraceUrl"] = jaeger });
        await using var unconfigured = await AppFactory.StartAsync();

        var given = await configured.CreateApiClient(AppFactory.AdminKey).GetFromJsonAsync<JsonElement>(Path);
        var none = await unconfigured.CreateApiClient(AppFactory.AdminKey).GetFromJsonAsync<JsonElement>(Path);
        using var refused = await configured.CreateApiClient().GetAsync(Path);

        Assert.Equal(jaeger, given.GetProperty("traceUrl").GetString());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("traceUrl").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_runs_history_names_the_trace_its_spans_are_in()
    {
        var spans = new List<Activity>();
        await using var app = await AppFactory.StartAsync(services: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var orders = new OrderDriver(app);
        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()), "?mode=async");
        var instanceId = placed.InstanceId;

        var history = await Poll.UntilAsync(
            async () => (await orders.Admin.GetFromJsonAsync<JsonElement>(OrderDriver.InstancePath(instanceId) + "?showHistory=true")).GetProperty("historyEvents"),
            events => events.GetArrayLength() > 0,
            TimeSpan.FromSeconds(30),
            "the run's history");
        var started = history.EnumerateArray().First(e => e.GetProperty("EventType").GetString() == "ExecutionStarted");
        var orchestration = await Poll.UntilAsync(
            () => Task.FromResult(OrderTraceTests.Snapshot(spans).FirstOrDefault(s => s.Source.Name == IntegrationTelemetry.DurableTaskSource
                && (s.GetTagItem("durabletask.type") as string) == "orchestration" && (s.GetTagItem("durabletask.task.instance_id") as string) == instanceId)),
            s => s is not null, TimeSpan.FromSeconds(30), "the orchestration's span");

        Assert.Equal(HttpStatusCode.Accepted, placed.Response.StatusCode);
        Assert.Equal(orchestration!.TraceId.ToHexString(), started.GetProperty("ParentTraceContext").GetProperty("TraceParent").GetString()!.Split('-')[1]);
    }
}
