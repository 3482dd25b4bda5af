using System.Collections.Concurrent;

namespace DurableEngine.Dispatch;

/// <summary>
/// In-process wake-ups: a dispatcher idle on a queue waits on its signal, and whoever sends to that queue in this process
/// sets it. Polling backs off only when nothing in this process has anything for the queue.
/// </summary>
internal sealed class DispatcherSignals
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Wake(string queueName)
    {
        var signal = Get(queueName);
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another sender woke it first.
        }
    }

    public void WakeLater(string queueName, TimeSpan delay, TimeProvider time)
    {
        ITimer? timer = null;
        timer = time.CreateTimer(_ => { Wake(queueName); timer?.Dispose(); }, null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(string queueName, TimeSpan timeout, CancellationToken cancellationToken) =>
        Get(queueName).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim Get(string queueName) => _signals.GetOrAdd(queueName, _ => new SemaphoreSlim(0, 1));
}
