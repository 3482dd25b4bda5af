using DevStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sandbox.Standalone;

/// <summary>
/// When <c>AzureWebJobsStorage</c> points at the storage emulator on this machine and nothing answers on its Table
/// endpoint, starts Azurite there (installing it with <c>npm ci</c> the first time), with its data in the repository's
/// <c>.azurite</c>, as LocalHost does, and stops it on exit. The app run under <c>func start</c> can use the same
/// Azurite. When Azurite cannot be started, it logs why and the Sandbox runs on, failing each call until storage answers.
/// </summary>
internal sealed partial class StandaloneAzurite(IConfiguration configuration, ILogger<StandaloneAzurite> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (EmulatorEndpoints.From(configuration[StandaloneConfiguration.StorageSetting]) is not { } endpoints)
        {
            return;
        }

        if (await StorageProbe.IsReachableAsync(endpoints.Table, TimeSpan.FromSeconds(1), cancellationToken))
        {
            LogUsingRunning(logger, endpoints.Table);
            return;
        }

        try
        {
            var root = RepositoryRoot.Find();
            var location = Path.Combine(root, ".azurite");
            LogStarting(logger, endpoints.Table, location);
            _azurite = await AzuriteProcess.StartAsync(
                new AzuriteOptions(root) { InMemory = false, Location = location, BlobPort = endpoints.Blob.Port, QueuePort = endpoints.Queue.Port, TablePort = endpoints.Table.Port },
                cancellationToken);
            LogStarted(logger);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            LogUnreachable(logger, ex, endpoints.Table, StandaloneConfiguration.StorageSetting);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage answers on {TableEndpoint}; using it.")]
    private static partial void LogUsingRunning(ILogger logger, Uri tableEndpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "No storage answers on {TableEndpoint}; starting Azurite with its data in {Location}. The first run installs it with npm ci, which takes a minute or two.")]
    private static partial void LogStarting(ILogger logger, Uri tableEndpoint, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite is running.")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage is unreachable: nothing answers on {TableEndpoint} and Azurite could not be started. Every Sandbox call fails until storage answers there: start Azurite, or set {Setting} to a storage account's connection string.")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, Uri tableEndpoint, string setting);
}
