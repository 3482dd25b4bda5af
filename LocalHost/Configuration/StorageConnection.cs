using Azure.Core;
using Azure.Identity;
using DurableTask.AzureStorage;

namespace LocalHost.Configuration;

/// <summary>
/// The Functions host's storage setting, <c>AzureWebJobsStorage</c>: a connection string, or
/// <c>AzureWebJobsStorage__accountName</c> (with <c>__clientId</c> for a user-assigned identity) for a managed identity.
/// </summary>
internal static class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>The Durable Task Framework's view of the same account.</summary>
    public static StorageAccountClientProvider ClientProvider(IConfiguration configuration)
    {
        if (configuration[SettingName] is { Length: > 0 } connectionString)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        if (configuration[$"{SettingName}:accountName"] is { Length: > 0 } accountName)
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[$"{SettingName}:clientId"] });
            return new StorageAccountClientProvider(accountName, credential);
        }

        throw new InvalidOperationException(
            $"Storage is not configured: set {SettingName} (a connection string, 'UseDevelopmentStorage=true' for Azurite) or {SettingName}__accountName (managed identity).");
    }
}
