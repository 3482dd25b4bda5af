using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace FunctionApp.Hosting;

/// <summary>
/// Registers the Azure Storage clients from the Functions host's setting: <c>AzureWebJobsStorage</c> (a connection string)
/// or <c>AzureWebJobsStorage__accountName</c> (managed identity through <see cref="DefaultAzureCredential"/>, with
/// <c>AzureWebJobsStorage__clientId</c> for a user-assigned identity).
/// </summary>
internal static class StorageServiceCollectionExtensions
{
    public const string SettingName = "AzureWebJobsStorage";

    public static IServiceCollection AddFunctionStorage(this IServiceCollection services)
    {
        // Resolved when first used, so configuration added after registration (tests, hosts) is honoured.
        services.AddSingleton(sp => Resolve(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().Tables());
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().Queues());
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().Blobs());
        return services;
    }

    private static StorageEndpoints Resolve(IConfiguration configuration)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageEndpoints(
                () => new TableServiceClient(connectionString, WithRetry(new TableClientOptions())),
                () => new QueueServiceClient(connectionString, WithRetry(new QueueClientOptions())),
                () => new BlobServiceClient(connectionString, WithRetry(new BlobClientOptions())));
        }

        var accountName = configuration[$"{SettingName}:accountName"];
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[$"{SettingName}:clientId"] });
            return new StorageEndpoints(
                () => new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential, WithRetry(new TableClientOptions())),
                () => new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential, WithRetry(new QueueClientOptions())),
                () => new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), credential, WithRetry(new BlobClientOptions())));
        }

        throw new InvalidOperationException(
            $"Storage is not configured: set {SettingName} (a connection string, 'UseDevelopmentStorage=true' for Azurite) " +
            $"or {SettingName}__accountName (managed identity).");
    }

    /// <summary>
    /// Short SDK retries: the engine has its own (messages come back, dispatchers back off), so a storage outage should
    /// surface in seconds rather than be hidden for the SDK's default ~20 s per call.
    /// </summary>
    private static T WithRetry<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private sealed record StorageEndpoints(Func<TableServiceClient> Tables, Func<QueueServiceClient> Queues, Func<BlobServiceClient> Blobs);

    /// <summary>True when the connection string points at the local emulator on its default ports.</summary>
    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null && connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
}
