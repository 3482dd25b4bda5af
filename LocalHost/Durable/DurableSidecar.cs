using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace LocalHost.Durable;

/// <summary>
/// The Durable engine of this host: the Azure Storage provider (<see cref="TaskHubService"/>), driven by the Durable Task
/// Framework's dispatchers (<see cref="TaskHubWorker"/>, extended sessions and lock renewal included), whose work items
/// run in the app's orchestrator and activity functions through the Durable Task SDK worker, reached over the in-process
/// gRPC sidecar (<see cref="TaskHubGrpcServer"/>) on a loopback HTTP/2 port of its own. The SDK client of the functions
/// (<c>[DurableClient]</c>) talks to the same sidecar.
/// </summary>
internal sealed partial class DurableSidecar : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan WorkerConnectWait = TimeSpan.FromSeconds(60);

    // How long a stop waits for the dispatchers to finish their work items and release their partitions. Storage that
    // went away first (stopped with the app) would make the provider retry the release for good; what is not released
    // is taken over when its lease expires, and unfinished messages come back after their visibility timeout.
    private static readonly TimeSpan DispatcherStopWait = TimeSpan.FromSeconds(15);

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private WebApplication? _server;
    private TaskHubWorker? _dispatchers;
    private SidecarExecutor? _executor;
    private Task? _starting;
    private volatile bool _dispatching;
    private Task? _stopping;
    private int _port;

    private readonly DurableTaskOptions _options;

    public DurableSidecar(AzureStorageOrchestrationService service, Microsoft.Extensions.Options.IOptions<DurableTaskOptions> options, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        Service = service;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DurableSidecar>();
        _lifetime = lifetime;
        // The channel connects when first used, to the port the sidecar bound by then.
        Channel = GrpcChannel.ForAddress("http://durable-sidecar", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectCallback = ConnectAsync, EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }

    /// <summary>The provider: also what the management API rewinds and reads history with.</summary>
    public AzureStorageOrchestrationService Service { get; }

    /// <summary>The gRPC channel of the SDK worker and client.</summary>
    public GrpcChannel Channel { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Its own small server: nothing of the app's configuration (its URLs) or logging (its lifetime lines) applies.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(sp => new TaskHubGrpcServer(
            sp.GetRequiredService<IHostApplicationLifetime>(), _loggerFactory, Service, Service,
            Microsoft.Extensions.Options.Options.Create(new TaskHubGrpcServerOptions { Mode = TaskHubGrpcServerMode.ApiServerOnly })));
        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken);
        _port = new Uri(_server.Urls.First()).Port;
        _executor = new SidecarExecutor(_server.Services.GetRequiredService<TaskHubGrpcServer>());

        var guarded = new StrandedActivityGuard(Service, _loggerFactory.CreateLogger<StrandedActivityGuard>(), _lifetime.ApplicationStopping);
        _dispatchers = new TaskHubWorker(guarded, new NoObjects<TaskOrchestration>(), new NoObjects<TaskActivity>(), _loggerFactory)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        _dispatchers.AddOrchestrationDispatcherMiddleware(RunOrchestratorAsync);
        _dispatchers.AddActivityDispatcherMiddleware(RunActivityAsync);
        // Before the SDK worker stops (hosted services stop last to first): no work item may be left waiting for it.
        _lifetime.ApplicationStopping.Register(() => _stopping ??= StopDispatchersAsync());
        // The host starts even while storage is down, as the Functions host does: requests get a 503 meanwhile.
        _starting = StartDispatchersAsync(_lifetime.ApplicationStopping);
    }

    /// <summary>Creates the task hub if need be and starts the dispatchers, trying again while storage cannot be reached.</summary>
    private async Task StartDispatchersAsync(CancellationToken stopping)
    {
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await Service.CreateIfNotExistsAsync();
                await _dispatchers!.StartAsync();
                _dispatching = true;
                LogStarted(_logger, _options.HubName, _options.StorageProvider.PartitionCount);
                return;
            }
            catch (Exception e)
            {
                if (stopping.IsCancellationRequested)
                {
                    // Stopping while storage is still down: nothing was started, so there is nothing to stop.
                    return;
                }

                LogStorageUnavailable(_logger, e, _options.HubName, attempt);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt * 2, 10)), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = _stopping ??= StopDispatchersAsync();
        if (await Task.WhenAny(stopping, Task.Delay(DispatcherStopWait, cancellationToken)) != stopping)
        {
            LogStopTimedOut(_logger, _options.HubName, DispatcherStopWait.TotalSeconds);
        }

        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StopDispatchersAsync()
    {
        if (_starting is not null)
        {
            await _starting;
        }

        if (_dispatching)
        {
            await _dispatchers!.StopAsync(isForced: true);
        }
    }

    private async Task RunOrchestratorAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var state = context.GetProperty<OrchestrationRuntimeState>();
        var result = await WhenWorkerConnectedAsync(() => _executor!.ExecuteOrchestratorAsync(state));
        context.SetProperty(result);
    }

    private async Task RunActivityAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var instance = context.GetProperty<OrchestrationInstance>();
        var scheduled = context.GetProperty<TaskScheduledEvent>();
        context.SetProperty(await WhenWorkerConnectedAsync(() => _executor!.ExecuteActivityAsync(instance, scheduled)));
    }

    /// <summary>
    /// Runs <paramref name="execute"/>, waiting while the SDK worker has no stream open (it connects shortly after the
    /// start): the sidecar refuses a work item before it has handed it to anyone, so trying again runs it once.
    /// </summary>
    private async Task<T> WhenWorkerConnectedAsync<T>(Func<Task<T>> execute)
    {
        var deadline = DateTime.UtcNow + WorkerConnectWait;
        while (true)
        {
            try
            {
                return await execute();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline && !_lifetime.ApplicationStopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, _port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable task hub {TaskHub} on Azure Storage, {Partitions} partitions: running.")]
    private static partial void LogStarted(ILogger logger, string taskHub, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable task hub {TaskHub}: the dispatchers did not stop within {Seconds} s (does storage still answer?); stopping without them. Unfinished work comes back after its visibility timeout.")]
    private static partial void LogStopTimedOut(ILogger logger, string taskHub, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable task hub {TaskHub} cannot start yet (attempt {Attempt}): storage does not answer. Trying again.")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string taskHub, int attempt);

    /// <summary>No orchestration or activity objects: every work item is run by the middleware, in the app's functions.</summary>
    private sealed class NoObjects<T> : INameVersionObjectManager<T>
    {
        public void Add(ObjectCreator<T> creator) => throw new NotSupportedException("The app's functions are run through the sidecar.");

        public T? GetObject(string name, string? version) => default;
    }
}
