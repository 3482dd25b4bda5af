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

    public static IServiceCollection AddFunctionStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[SettingName];
        var accountName = configuration[$"{SettingName}:accountName"];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(new TableServiceClient(connectionString));
            services.AddSingleton(new QueueServiceClient(connectionString));
            services.AddSingleton(new BlobServiceClient(connectionString));
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            var clientId = configuration[$"{SettingName}:clientId"];
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
            services.AddSingleton(new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential));
            services.AddSingleton(new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential));
            services.AddSingleton(new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), credential));
        }
        else
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {SettingName} (a connection string, 'UseDevelopmentStorage=true' for Azurite) " +
                $"or {SettingName}__accountName (managed identity).");
        }

        return services;
    }

    /// <summary>True when the connection string points at the local emulator on its default ports.</summary>
    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null && connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
}
