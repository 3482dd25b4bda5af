using System.Net.Sockets;

namespace DevStorage;

/// <summary>
/// Checks whether a storage endpoint (Azurite or anything else) accepts TCP connections.
/// </summary>
public static class StorageProbe
{
    /// <summary>
    /// Returns <see langword="true"/> if a TCP connection to the host and port of <paramref name="endpoint"/> succeeds within <paramref name="timeout"/>.
    /// </summary>
    /// <param name="endpoint">The endpoint, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>; only host and port are used.</param>
    /// <param name="timeout">How long to wait for the connection.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns><see langword="true"/> if the connection succeeded; <see langword="false"/> if it was refused, failed or timed out.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<bool> IsReachableAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.IdnHost, endpoint.Port, timeoutCts.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
