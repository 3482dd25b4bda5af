using FunctionApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

// The isolated worker, run by the Azure Functions host (on Azure, or `func start` locally). LocalHost runs the same
// functions without the host and calls the same AddIntegrationApp, so both hosts register exactly the same services.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// The worker's spans join the host's trace of each invocation, and the host's telemetry goes the same way
// (host.json: telemetryMode OpenTelemetry).
builder.Services.AddIntegrationApp(builder.Configuration).AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();
