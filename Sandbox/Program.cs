using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Standalone;

namespace Sandbox;

/// <summary>
/// The Sandbox on its own: <c>dotnet run --project Sandbox</c> serves every simulated system under <c>/sandbox</c> on
/// <see cref="StandaloneConfiguration.DefaultUrl"/>, for a run of the app under the Azure Functions host
/// (<c>func start</c>), which has no Sandbox of its own; the app reaches it through <c>Sandbox:BaseUrl</c>.
/// </summary>
/// <remarks>
/// A class with a <c>Main</c> rather than top-level statements: LocalHost and the tests reference this project, and
/// LocalHost has a <c>Program</c> of its own.
/// </remarks>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddStandaloneConfiguration();
        // First, so storage is up before the Sandbox's first request needs it.
        builder.Services.AddHostedService<StandaloneAzurite>();
        builder.Services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IConfiguration>()[StandaloneConfiguration.StorageSetting]));
        // On, whatever the configuration says: serving the Sandbox is all this process is for.
        builder.Services.AddSandbox(o => o.Enabled = true);

        var app = builder.Build();
        app.MapSandbox();
        await app.RunAsync();
    }
}
