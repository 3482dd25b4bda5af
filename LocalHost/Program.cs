using FunctionApp;
using LocalHost.Configuration;
using LocalHost.Durable;
using LocalHost.Functions;
using LocalHost.Management;
using LocalHost.Security;
using LocalHost.Triggers;
using Sandbox;

namespace LocalHost;

/// <summary>
/// The local host: runs FunctionApp's functions as the Azure Functions host would, without it. <c>dotnet run --project LocalHost</c>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
    }

    /// <summary>Builds the host: the app's own services (<see cref="IntegrationApp.AddIntegrationApp"/>) and what the Functions host adds.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddFunctionsHostConfiguration();
        // First, so the local Azurite is up before anything that starts uses storage.
        builder.Services.AddHostedService<LocalAzurite>();
        builder.Services.AddIntegrationApp(builder.Configuration);
        builder.Services.AddHostKeys();
        builder.Services.AddFunctionCatalog();
        builder.Services.AddDurableTaskHub();
        builder.Services.AddTriggers();
        builder.Services.AddDurableManagementApi();
        builder.Services.AddSandbox();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapHttpFunctions();
        app.MapDurableManagementApi();
        app.MapSandbox();
        // The operator console is the app's Console function (under the host's /api prefix); /console is its short address.
        app.MapGet("/console", () => Results.Redirect("/api/console/")).ExcludeFromDescription();
        return app;
    }
}
