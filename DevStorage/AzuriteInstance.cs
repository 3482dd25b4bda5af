using System.Net;
using System.Net.Sockets;

namespace DevStorage;

/// <summary>
/// One running Azurite: its Blob, Queue and Table services, each in its own <c>node</c> process (<see cref="AzuriteProcess"/>
/// replaces the set on restart).
/// </summary>
/// <remarks>
/// Three processes rather than Azurite's all-in-one entry point: each service gets its own event loop, so a busy table
/// does not hold up queue traffic, and blobs and queues can keep their data on disk while tables stay in memory
/// (see <see cref="AzuriteOptions.InMemory"/>). A port of 0 is resolved to a free port before the start, because the
/// Table service does not report the port it bound.
/// </remarks>
internal sealed class AzuriteInstance
{
    private const int PortAttempts = 5;

    private readonly AzuriteServiceProcess[] _services;

    private AzuriteInstance(AzuriteServiceProcess[] services) => _services = services;

    public int BlobPort => _services[0].Port;

    public int QueuePort => _services[1].Port;

    public int TablePort => _services[2].Port;

    /// <summary>
    /// Starts the three services and waits until all listen; if one fails, the others are stopped. Blobs and queues keep
    /// their data in <paramref name="extentLocation"/> (null: in memory), tables in <see cref="AzuriteOptions.Location"/>
    /// (null: in memory).
    /// </summary>
    public static async Task<AzuriteInstance> LaunchAsync(string entryPoint, AzuriteOptions options, string? extentLocation, CancellationToken cancellationToken)
    {
        string dist = Path.GetDirectoryName(entryPoint)!;
        var launches = new[]
        {
            LaunchOnPortAsync(dist, "Blob", options.BlobPort, extentLocation, options, cancellationToken),
            LaunchOnPortAsync(dist, "Queue", options.QueuePort, extentLocation, options, cancellationToken),
            LaunchOnPortAsync(dist, "Table", options.TablePort, options.Location, options, cancellationToken),
        };
        try
        {
            return new AzuriteInstance(await Task.WhenAll(launches));
        }
        catch
        {
            foreach (var launch in launches.Where(l => l.IsCompletedSuccessfully))
            {
                await launch.Result.WaitOrKillAsync(TimeSpan.Zero);
            }

            throw;
        }
    }

    /// <summary>Asks every service to shut down cleanly within <paramref name="grace"/>, then kills what is left.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (grace > TimeSpan.Zero)
        {
            RequestStop();
        }

        await Task.WhenAll(_services.Select(s => s.WaitOrKillAsync(grace)));
    }

    /// <summary>Asks every service to shut down cleanly, without waiting for it.</summary>
    public void RequestStop()
    {
        foreach (var service in _services)
        {
            service.RequestStop();
        }
    }

    /// <summary>Synchronous variant of <see cref="StopAsync"/> for <see cref="AppDomain.ProcessExit"/>.</summary>
    public void Stop(TimeSpan grace)
    {
        if (grace > TimeSpan.Zero)
        {
            RequestStop();
        }

        foreach (var service in _services)
        {
            service.WaitOrKill(grace);
        }
    }

    private static async Task<AzuriteServiceProcess> LaunchOnPortAsync(
        string dist, string service, int requestedPort, string? location, AzuriteOptions options, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = requestedPort != 0 ? requestedPort : FreePort(options.Host);
            try
            {
                return await AzuriteServiceProcess.LaunchAsync(dist, service, port, location, options, cancellationToken);
            }
            catch (InvalidOperationException ex) when (requestedPort == 0 && attempt < PortAttempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Someone else took the free port between our probe and Azurite's bind: pick another.
            }
        }
    }

    private static int FreePort(string host)
    {
        IPAddress address = host switch
        {
            "0.0.0.0" or "*" => IPAddress.Any,
            "::" or "[::]" => IPAddress.IPv6Any,
            _ when IPAddress.TryParse(host, out var parsed) => parsed,
            _ => IPAddress.Loopback,
        };
        var listener = new TcpListener(address, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
