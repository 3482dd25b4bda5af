using FunctionApp.Hosting;
using FunctionApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// The app in process (test server) laid out as when the Functions host runs it (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set),
/// for reading its function catalog and calling its invocation endpoints. Storage is the emulator's connection string,
/// never called by these tests.
/// </summary>
public sealed class CustomHandlerAppFactory(
    IDictionary<string, string?>? overrides = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    internal FunctionCatalog Catalog() =>
        FunctionCatalog.Create(Services.GetRequiredService<EndpointDataSource>().Endpoints, Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            [HostingMode.PortVariable] = "7999",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Sandbox:Enabled"] = "false",
            ["Auth:FunctionKey"] = AppFactory.FunctionKey,
            ["Auth:AdminKey"] = AppFactory.AdminKey,
            ["Callbacks:SigningKey"] = AppFactory.SigningKey,
            ["InventoryChanges:WebhookSecret"] = TestSettings.WarehouseWebhookSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
