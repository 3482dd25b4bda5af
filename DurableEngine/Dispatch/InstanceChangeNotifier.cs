using System.Collections.Concurrent;

namespace DurableEngine.Dispatch;

/// <summary>
/// Tells waiters in this process that an instance's state changed, so a caller waiting for a reply or completion
/// hears of it at once when this process did the work; waiters still poll storage for work done elsewhere.
/// </summary>
internal sealed class InstanceChangeNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next change of the instance.</summary>
    public Task NextChangeAsync(string instanceId) =>
        _changes.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Changed(string instanceId)
    {
        if (_changes.TryRemove(instanceId, out var tcs))
        {
            tcs.TrySetResult();
        }
    }
}
