using FunctionApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The isolated worker, run by the Azure Functions host (on Azure, or `func start` locally). LocalHost runs the same
// functions without the host and calls the same AddIntegrationApp, so both hosts register exactly the same services.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddIntegrationApp();
builder.Build().Run();
