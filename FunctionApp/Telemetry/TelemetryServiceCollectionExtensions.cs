using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FunctionApp.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: traces of the HTTP functions, the Durable Task SDK's orchestration and activity spans,
/// and every outgoing call; the app's metrics; logs with trace and span ids. Exported only where configured: OTLP when
/// an <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> is set, Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    private static readonly string[] OtlpEndpointSettings =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static OpenTelemetryBuilder AddIntegrationTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IntegrationHealth>();
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? configuration["WEBSITE_SITE_NAME"] ?? "acme-integration"))
            .WithTracing(tracing => tracing
                .AddSource(IntegrationTelemetry.Name, IntegrationTelemetry.DurableTaskSource)
                .AddProcessor<InstanceTagProcessor>()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsPlumbing(context.Request.Path))
                .AddHttpClientInstrumentation(o =>
                {
                    o.FilterHttpRequestMessage = request => !IsStorage(request) && !IsDurableSidecar(request);
                    o.EnrichWithHttpRequestMessage = (span, request) =>
                    {
                        if (request.Options.TryGetValue(IntegrationCallTelemetry.SystemOption, out var system))
                        {
                            span.SetTag(IntegrationTelemetry.SystemTag, system);
                        }
                    };
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(IntegrationTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging();

        if (OtlpEndpointSettings.Any(name => !string.IsNullOrWhiteSpace(configuration[name])))
        {
            telemetry.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter();
        }

        return telemetry;
    }

    // Health probes, and LocalHost's in-process Durable sidecar (the SDK's own spans stand for what happens there).
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/api/health") || path.StartsWithSegments("/TaskHubSidecarService");

    private static bool IsDurableSidecar(HttpRequestMessage request) =>
        request.RequestUri is { } uri && uri.AbsolutePath.StartsWith("/TaskHubSidecarService/", StringComparison.Ordinal);

    // The Durable provider and the app's own storage clients poll queues and tables all the time: as spans they would
    // bury the orders' traces.
    private static bool IsStorage(HttpRequestMessage request) =>
        request.RequestUri is { } uri && (uri.Host.EndsWith(".core.windows.net", StringComparison.OrdinalIgnoreCase)
            || uri.AbsolutePath.StartsWith("/devstoreaccount1", StringComparison.Ordinal)
            || request.Headers.Contains("x-ms-version"));
}
