using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bench;

/// <summary>
/// The app's functions in LocalHost on Kestrel (127.0.0.1, a free port) with the Sandbox on, against the bench's Azurite;
/// a services callback adds to its services (the bench's own functions, say).
/// </summary>
internal sealed class BenchApp : WebApplicationFactory<LocalHost.Program>
{
    public const string FunctionKey = "bench-function-key-0123456789";

    /// <summary>The master key: Durable's management API (the operator console's calls) takes this one only.</summary>
    public const string AdminKey = "bench-admin-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    public BenchApp(string connectionString, string hubName, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = hubName,
            ["LocalHost:HostId"] = hubName,
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:TablePrefix"] = hubName.ToLowerInvariant() + "sandbox",
            ["LocalHost:FunctionKey"] = FunctionKey,
            ["LocalHost:AdminKey"] = AdminKey,
            ["Callbacks:SigningKey"] = "bench-callback-signing-key-0123456789abcdef",
            ["InventoryChanges:WebhookSecret"] = "bench-warehouse-webhook-secret-0123456789",
            ["InventoryChanges:QueueName"] = hubName.ToLowerInvariant() + "-changes",
            ["OrderBatches:Schedule"] = "0 0 2 * * *",
            ["Integrations:QuickBooks:RealmId"] = "1",
            ["Integrations:QuickBooks:ClientId"] = "sandbox-client-id",
            ["Integrations:QuickBooks:ClientSecret"] = "sandbox-client-secret",
            ["Integrations:QuickBooks:RefreshToken"] = "sandbox-refresh-token",
            ["Integrations:Ses:AccessKeyId"] = "AKIASANDBOX",
            ["Integrations:Ses:SecretAccessKey"] = "sandbox-secret",
            ["Integrations:Acme:ApiKey"] = "bench",
            ["Integrations:Acme:WebhookSecret"] = "sandbox-acme-webhook-secret",
            ["Logging:LogLevel:Default"] = "Warning",
            // The provider warns of what it retries (a start message ahead of its instance row, say): counted, not printed.
            ["Logging:LogLevel:DurableTask"] = "Error",
            ["Logging:LogLevel:DurableTask.AzureStorage"] = "Warning",
            ["Logging:Console:LogLevel:DurableTask.AzureStorage"] = "Error",
            ["Logging:LogLevel:Polly"] = "Error",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Start messages the provider put back because they came before their instance row.</summary>
    public DeferredStarts DeferredStarts { get; } = new();

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts the app and returns a client carrying the function key.</summary>
    public HttpClient StartClient()
    {
        StartServer();
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(DeferredStarts));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
