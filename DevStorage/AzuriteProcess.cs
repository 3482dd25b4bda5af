using System.Diagnostics;

namespace DevStorage;

/// <summary>
/// A running Azurite (Blob, Queue and Table services, one process each), installed with <c>npm ci</c> on first use.
/// Disposing stops it; it is also stopped when this process exits.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known Azurite account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known Azurite account key (from Azurite's <c>EMULATOR_ACCOUNT_KEY</c>).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan PersistentStopGrace = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PortRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly AzuriteOptions _options;
    private readonly string _entryPoint;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EventHandler _onProcessExit;
    private readonly string? _scratch;
    private AzuriteInstance? _current;
    private bool _disposed;

    private AzuriteProcess(AzuriteOptions options, string entryPoint, string? scratch, AzuriteInstance instance)
    {
        _options = options;
        _entryPoint = entryPoint;
        _scratch = scratch;
        SetCurrent(instance);
        _onProcessExit = (_, _) =>
        {
            var current = Volatile.Read(ref _current);
            if (_scratch is not null)
            {
                // Not killed and waited for: a test runner gives its process a moment to exit, then kills it, which
                // would leave the folder half deleted. Asked to stop, each service exits and removes the folder itself.
                current?.RequestStop();
            }
            else
            {
                current?.Stop(StopGrace);
            }

            DeleteScratch();
        };
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>The port the Blob service listens on (kept across <see cref="RestartAsync"/>).</summary>
    public int BlobPort { get; private set; }

    /// <summary>The port the Queue service listens on (kept across <see cref="RestartAsync"/>).</summary>
    public int QueuePort { get; private set; }

    /// <summary>The port the Table service listens on (kept across <see cref="RestartAsync"/>).</summary>
    public int TablePort { get; private set; }

    /// <summary>The Blob endpoint, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => Endpoint(BlobPort);

    /// <summary>The Queue endpoint, e.g. <c>http://127.0.0.1:10001/devstoreaccount1</c>.</summary>
    public Uri QueueEndpoint => Endpoint(QueuePort);

    /// <summary>The Table endpoint, e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>A connection string for the <c>devstoreaccount1</c> account with explicit Blob, Queue and Table endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    private TimeSpan StopGrace => _options.InMemory ? TimeSpan.Zero : PersistentStopGrace;

    /// <summary>
    /// Installs Azurite if <c>node_modules</c> lacks it (<c>npm ci</c>, once across processes), starts it and waits until
    /// the Blob, Queue and Table services all listen.
    /// </summary>
    /// <param name="options">How to start Azurite.</param>
    /// <param name="cancellationToken">Cancels the install or the start; a half-started Azurite is killed.</param>
    /// <returns>The running Azurite.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">npm or node failed, or Azurite exited during start (the message includes its output).</exception>
    /// <exception cref="TimeoutException">Azurite did not listen within <see cref="AzuriteOptions.StartTimeout"/>.</exception>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        AzuriteOptions resolved = Validate(options);
        string entryPoint = await AzuriteInstaller.EnsureInstalledAsync(resolved.RepositoryRoot, cancellationToken);
        if (!resolved.InMemory)
        {
            Directory.CreateDirectory(resolved.Location!);
        }

        // In memory, blobs and queues still go to a scratch folder: Azurite's in-memory extent store (one extent per message
        // or blob) blocks its event loop for minutes when it collects thousands of deleted ones, its file store does not.
        string? scratch = resolved.InMemory ? Directory.CreateTempSubdirectory("azurite-").FullName : null;
        try
        {
            AzuriteInstance instance = await AzuriteInstance.LaunchAsync(entryPoint, resolved, scratch ?? resolved.Location, cancellationToken);
            return new AzuriteProcess(resolved, entryPoint, scratch, instance);
        }
        catch
        {
            TryDelete(scratch);
            throw;
        }
    }

    /// <summary>
    /// Stops Azurite and waits for it to exit. With a <see cref="AzuriteOptions.Location"/> it is first asked to shut down
    /// cleanly so its data is flushed; in memory it is killed. Does nothing if already stopped.
    /// </summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops Azurite (if running) and starts it again on the same ports and with the same <see cref="AzuriteOptions.Location"/>,
    /// so clients keep working after a reconnect and persisted data survives.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when all three services listen again.</returns>
    /// <exception cref="ObjectDisposedException">This instance was disposed.</exception>
    /// <exception cref="InvalidOperationException">Azurite exited during start (the message includes its output).</exception>
    /// <exception cref="TimeoutException">Azurite did not listen within <see cref="AzuriteOptions.StartTimeout"/>.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await StopCoreAsync();

            AzuriteOptions samePorts = _options with { BlobPort = BlobPort, QueuePort = QueuePort, TablePort = TablePort };
            if (_scratch is not null)
            {
                // In memory, a restart loses everything: the scratch blobs and queues too.
                DeleteScratch();
                Directory.CreateDirectory(_scratch);
            }

            var elapsed = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    SetCurrent(await AzuriteInstance.LaunchAsync(_entryPoint, samePorts, _scratch ?? _options.Location, cancellationToken));
                    return;
                }
                catch (InvalidOperationException ex) when (ex.Message.Contains("EADDRINUSE") && elapsed.Elapsed < _options.StartTimeout)
                {
                    // A port freed by the stop can briefly still be held (or be grabbed by another ephemeral user).
                    await Task.Delay(PortRetryDelay, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops Azurite (see <see cref="StopAsync"/>) and releases resources. Safe to call more than once.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            await StopCoreAsync();
            DeleteScratch();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopCoreAsync()
    {
        AzuriteInstance? current = Interlocked.Exchange(ref _current, null);
        if (current is not null)
        {
            await current.StopAsync(StopGrace);
        }
    }

    private void DeleteScratch() => TryDelete(_scratch);

    private static void TryDelete(string? folder)
    {
        try
        {
            if (folder is not null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is the OS's to clean up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void SetCurrent(AzuriteInstance instance)
    {
        BlobPort = instance.BlobPort;
        QueuePort = instance.QueuePort;
        TablePort = instance.TablePort;
        Volatile.Write(ref _current, instance);
    }

    private Uri Endpoint(int port)
    {
        // A wildcard listen address is not something a client can connect to.
        string host = _options.Host switch
        {
            "0.0.0.0" or "*" => "127.0.0.1",
            "::" or "[::]" => "::1",
            var h => h,
        };
        return new UriBuilder(Uri.UriSchemeHttp, host, port, AccountName).Uri;
    }

    private static AzuriteOptions Validate(AzuriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.RepositoryRoot) || !Directory.Exists(options.RepositoryRoot))
        {
            throw new ArgumentException($"RepositoryRoot '{options.RepositoryRoot}' is not an existing folder (see RepositoryRoot.Find).", nameof(options));
        }

        if (options.InMemory && options.Location is not null)
        {
            throw new ArgumentException("Location is only used when InMemory is false.", nameof(options));
        }

        foreach ((string name, int port) in new[] { ("BlobPort", options.BlobPort), ("QueuePort", options.QueuePort), ("TablePort", options.TablePort) })
        {
            if (port is < 0 or > 65535)
            {
                throw new ArgumentException($"{name} {port} is not 0 (any free port) or a valid port.", nameof(options));
            }
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("StartTimeout must be positive.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            throw new ArgumentException("Host must not be empty.", nameof(options));
        }

        string root = Path.GetFullPath(options.RepositoryRoot);
        return options with
        {
            RepositoryRoot = root,
            Location = options.InMemory ? null : Path.GetFullPath(options.Location ?? ".azurite", root),
        };
    }
}
