using System.Net;
using System.Net.Http.Json;
using DevStorage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>
/// The app's functions in LocalHost on Kestrel (127.0.0.1, a free port) against the shared Azurite, with a task hub and
/// Sandbox tables of its own, the Sandbox on, and short retry intervals. Environment "Testing", so nothing of a developer's
/// local settings leaks in.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<LocalHost.Program>
{
    public const string FunctionKey = TestSettings.FunctionKey;
    public const string AdminKey = TestSettings.AdminKey;
    public const string SigningKey = TestSettings.SigningKey;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private AppFactory(string connectionString, IDictionary<string, string?>? overrides, Action<IServiceCollection>? services)
    {
        _settings = TestSettings.Create(connectionString, out var hubName).With(overrides);
        _services = services;
        HubName = hubName;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string HubName { get; }

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Starts an app; settings in <paramref name="overrides"/> win over the test defaults, and <paramref name="services"/>
    /// adds to the app's services (a log collector, say).
    /// </summary>
    public static async Task<AppFactory> StartAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var azurite = await SharedAzurite.GetAsync();
        var factory = new AppFactory(azurite.ConnectionString, overrides, services);
        factory.StartServer();
        return factory;
    }

    /// <summary>A client of the app carrying the function key.</summary>
    public HttpClient CreateApiClient(string? key = FunctionKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }

    /// <summary>The Sandbox's control surface.</summary>
    public SandboxControl Sandbox => new(CreateApiClient(null));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
