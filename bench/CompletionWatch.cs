using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;

namespace Bench;

/// <summary>
/// Tells when instances finish with one list query every 50 ms for all of them (finished since the watch began), rather
/// than one status read per instance: the bench measures the engine, not the cost of being asked.
/// </summary>
internal sealed class CompletionWatch : IAsyncDisposable
{
    private readonly DurableTaskClient _client;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<OrchestrationMetadata>> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow.AddMinutes(-1);
    private readonly Task _polling;

    public CompletionWatch(DurableTaskClient client)
    {
        _client = client;
        _polling = PollAsync();
    }

    public Task<OrchestrationMetadata> WaitAsync(string instanceId) =>
        _waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource<OrchestrationMetadata>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (!_waiting.IsEmpty)
            {
                var query = new OrchestrationQuery
                {
                    CreatedFrom = _since,
                    Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
                    FetchInputsAndOutputs = true,
                    PageSize = 1000,
                };
                await foreach (var instance in _client.GetAllInstancesAsync(query).WithCancellation(_stop.Token))
                {
                    if (_waiting.TryRemove(instance.InstanceId, out var waiter))
                    {
                        waiter.TrySetResult(instance);
                    }
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _stop.Token);
        }
    }
}
