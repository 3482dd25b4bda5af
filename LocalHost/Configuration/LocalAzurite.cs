using DevStorage;

namespace FunctionApp.Hosting;

/// <summary>
/// For a local run against <c>UseDevelopmentStorage=true</c>: if nothing answers on Azurite's default ports, installs
/// (<c>npm ci</c>) and starts Azurite with its data in the git-ignored <c>.azurite</c> folder, and stops it on exit.
/// Registered before the engine, so storage is up before anything uses it.
/// </summary>
internal sealed partial class LocalAzurite(IConfiguration configuration, IHostEnvironment environment, ILogger<LocalAzurite> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !StorageServiceCollectionExtensions.IsDevelopmentStorage(configuration[StorageServiceCollectionExtensions.SettingName]))
        {
            return;
        }

        if (await StorageProbe.IsReachableAsync(new Uri("http://127.0.0.1:10000"), TimeSpan.FromSeconds(1), cancellationToken))
        {
            LogUsingRunning(logger);
            return;
        }

        var root = RepositoryRoot.Find(environment.ContentRootPath);
        var location = Path.Combine(root, ".azurite");
        LogStarting(logger, location);
        _azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions(root) { InMemory = false, Location = ".azurite", BlobPort = 10000, QueuePort = 10001, TablePort = 10002 },
            cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite is already running on 127.0.0.1:10000-10002; using it.")]
    private static partial void LogUsingRunning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "No storage answers on 127.0.0.1:10000; starting Azurite with its data in {Location}.")]
    private static partial void LogStarting(ILogger logger, string location);
}
