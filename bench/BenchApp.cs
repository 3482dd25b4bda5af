using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bench;

/// <summary>The real app on Kestrel (127.0.0.1, a free port) with the Sandbox on, against the bench's Azurite.</summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string FunctionKey = "bench-function-key-0123456789";

    private readonly Dictionary<string, string?> _settings;

    public BenchApp(string connectionString, string hubName, IDictionary<string, string?>? overrides = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Durable:TaskHubName"] = hubName,
            ["Triggers:HostId"] = hubName,
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:TablePrefix"] = hubName.ToLowerInvariant() + "sandbox",
            ["Auth:FunctionKey"] = FunctionKey,
            ["Auth:AdminKey"] = "bench-admin-key-0123456789abcdef",
            ["Callbacks:SigningKey"] = "bench-callback-signing-key-0123456789abcdef",
            ["InventoryChanges:WebhookSecret"] = "bench-warehouse-webhook-secret-0123456789",
            ["Integrations:QuickBooks:RealmId"] = "1",
            ["Integrations:QuickBooks:ClientId"] = "sandbox-client-id",
            ["Integrations:QuickBooks:ClientSecret"] = "sandbox-client-secret",
            ["Integrations:QuickBooks:RefreshToken"] = "sandbox-refresh-token",
            ["Integrations:Ses:AccessKeyId"] = "AKIASANDBOX",
            ["Integrations:Ses:SecretAccessKey"] = "sandbox-secret",
            ["Integrations:Acme:ApiKey"] = "bench",
            ["Integrations:Acme:WebhookSecret"] = "sandbox-acme-webhook-secret",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

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
    }
}
