using DevStorage;

namespace LocalHost.Configuration;

/// <summary>
/// For a local run against the storage emulator: if nothing answers on the Blob endpoint of <c>AzureWebJobsStorage</c>
/// (<c>UseDevelopmentStorage=true</c>: Azurite's default ports, 127.0.0.1:10000-10002; or a connection string with
/// explicit loopback endpoints), installs Azurite (<c>npm ci</c>) and starts it on those ports with its data in
/// <c>LocalHost:AzuriteLocation</c> (default <c>.azurite</c> in the repository), and stops it on exit. Its data is saved
/// before each answer, so killing the run loses nothing. Runs in Development, or when <c>LocalHost:StartAzurite</c> is true.
/// </summary>
internal sealed partial class LocalAzurite(IConfiguration configuration, IHostEnvironment environment, ILogger<LocalAzurite> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = configuration.GetValue<bool?>("LocalHost:StartAzurite") ?? environment.IsDevelopment();
        if (!wanted || EmulatorEndpoints.From(configuration[StorageConnection.SettingName]) is not { } endpoints)
        {
            return;
        }

        if (await StorageProbe.IsReachableAsync(endpoints.Blob, TimeSpan.FromSeconds(1), cancellationToken))
        {
            LogUsingRunning(logger, endpoints.Blob.Port, endpoints.Queue.Port, endpoints.Table.Port);
            return;
        }

        var root = RepositoryRoot.Find(environment.ContentRootPath);
        var location = Path.GetFullPath(Path.Combine(root, configuration["LocalHost:AzuriteLocation"] ?? ".azurite"));
        LogStarting(logger, endpoints.Blob.Port, endpoints.Queue.Port, endpoints.Table.Port, location);
        _azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions(root) { InMemory = false, Location = location, BlobPort = endpoints.Blob.Port, QueuePort = endpoints.Queue.Port, TablePort = endpoints.Table.Port },
            cancellationToken);
        LogStarted(logger);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage answers on 127.0.0.1:{BlobPort}; using it (queues {QueuePort}, tables {TablePort}).")]
    private static partial void LogUsingRunning(ILogger logger, int blobPort, int queuePort, int tablePort);

    [LoggerMessage(Level = LogLevel.Information, Message = "No storage answers on 127.0.0.1:{BlobPort}; starting Azurite (ports {BlobPort}, {QueuePort}, {TablePort}) with its data in {Location}. The first run installs it with npm ci, which takes a minute or two.")]
    private static partial void LogStarting(ILogger logger, int blobPort, int queuePort, int tablePort, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite is running.")]
    private static partial void LogStarted(ILogger logger);
}
