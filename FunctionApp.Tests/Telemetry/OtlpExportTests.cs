using System.Collections.Concurrent;
using System.Net;
using FunctionApp.Tests.Infrastructure;
using DevStorage;
using FunctionApp.Tests.Reliability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Telemetry;

/// <summary>Export is off unless configured; the standard OTEL_EXPORTER_OTLP_* settings turn it on.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_the_standard_otlp_settings_an_order_is_exported_to_that_endpoint_and_without_them_nothing_is()
    {
        // As a user runs it: LocalHost as a process of its own, configured by environment variables.
        await using var collector = await OtlpReceiver.StartAsync();
        var azurite = await SharedAzurite.GetAsync();
        await using (var quiet = await AppProcess.StartAsync(azurite.ConnectionString))
        {
            await PlaceOrderAsync(quiet);
        }

        Assert.Empty(collector.Paths);
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
        await PlaceOrderAsync(app);

        await Poll.UntilAsync(() => Task.FromResult(collector.Paths.ToArray()), paths => paths.Contains("/v1/traces"), TimeSpan.FromSeconds(30), "spans at the collector");
    }

    private static async Task PlaceOrderAsync(AppProcess app)
    {
        var sku = "OTLP-" + Guid.NewGuid().ToString("N")[..8];
        await app.Sandbox.SetStockAsync(sku, 10);
        using var api = app.CreateApiClient();
        var id = await OrderLoad.PlaceAsync(api, sku, "otlp-" + Guid.NewGuid().ToString("N")[..8], 1);
        await OrderLoad.WaitAllFinalAsync(() => app.CreateApiClient(), [id], TimeSpan.FromSeconds(60), () => app.Output);
    }

    /// <summary>An OTLP/HTTP endpoint that accepts anything and remembers the paths it was sent to.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpReceiver(WebApplication app) => _app = app;

        public ConcurrentQueue<string> Paths { get; } = new();

        public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var receiver = new OtlpReceiver(builder.Build());
            receiver._app.Run(context =>
            {
                receiver.Paths.Enqueue(context.Request.Path.Value ?? "");
                context.Response.ContentType = "application/x-protobuf";
                return Task.CompletedTask;
            });
            await receiver._app.StartAsync();
            return receiver;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
