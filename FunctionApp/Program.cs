using DurableEngine.Http;
using FunctionApp.Hosting;
using FunctionApp.InventoryChanges;
using FunctionApp.OrderBatches;
using FunctionApp.Orders;
using FunctionApp.Security;
using Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLocalSettings(builder.Environment);
// First, so the local Azurite is up before anything else that starts uses storage.
builder.Services.AddHostedService<LocalAzurite>();
builder.AddFunctionsHosting(args);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<FunctionApp.Http.StorageExceptionHandler>();
builder.Services.AddFunctionStorage();
builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations()
    .Validate(o => o.FunctionKey != o.AdminKey, "Auth:AdminKey must differ from Auth:FunctionKey.").ValidateOnStart();
builder.Services.AddKeySafeLogging();
builder.Services.AddOrderIntegration().AddOrderBatches();
builder.Services.AddSyncIntegrations();
builder.Services.AddInventoryChanges();
builder.Services.AddSandbox();

var app = builder.Build();
app.UseFunctionsHosting();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapGet("/api/health", () => TypedResults.Ok(new { status = "Healthy" })).AllowAnonymous();
app.MapOrdersApi();
app.MapOrderBatchesApi();
app.MapSyncIntegrations();
app.MapInventoryChangesApi();
app.MapDurableManagementApi(app.ManagementApiPrefix()).RequireManagementKeys();
app.MapSandbox();
app.MapFunctionInvocations();

await app.RunOrEmitFunctionsAsync();

/// <summary>The app's entry point; public so tests and benchmarks can host it.</summary>
public partial class Program;
