using Azure;
using Azure.Storage.Queues;
using DurableEngine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DurableEngine.Dispatch;

/// <summary>
/// Polls the hub's control queues and work-item queue and hands messages to the processors, within the configured
/// concurrency. Idle queues are polled less often, up to <see cref="DurableEngineOptions.MaxPollingInterval"/>, unless
/// this process sends to them, which wakes them at once.
/// </summary>
internal sealed partial class DurableWorker(
    TaskHub hub,
    MessageTransport transport,
    OrchestrationProcessor orchestrations,
    ActivityProcessor activities,
    DispatcherSignals signals,
    IOptions<DurableEngineOptions> options,
    ILogger<DurableWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(10);
    private readonly DurableEngineOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatchersEnabled)
        {
            return;
        }

        await RetryAsync(async () => await hub.EnsureCreatedAsync(stoppingToken), stoppingToken);
        var orchestrationSlots = new SemaphoreSlim(_options.MaxConcurrentOrchestrations, _options.MaxConcurrentOrchestrations);
        var activitySlots = new SemaphoreSlim(_options.MaxConcurrentActivities, _options.MaxConcurrentActivities);
        var loops = hub.ControlQueues.Select(q => PollAsync(q, orchestrationSlots, 32, DispatchOrchestrationsAsync, stoppingToken)).ToList();
        loops.Add(PollAsync(hub.WorkItems, activitySlots, 32, DispatchActivitiesAsync, stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task PollAsync(
        QueueClient queue,
        SemaphoreSlim slots,
        int batchSize,
        Func<IReadOnlyList<ReceivedMessage>, SemaphoreSlim, CancellationToken, Task> dispatch,
        CancellationToken stoppingToken)
    {
        var idle = MinPollingInterval;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Take only as many messages as there are free slots, so nothing waits hidden in memory.
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < batchSize && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<ReceivedMessage> received;
                try
                {
                    received = await transport.ReceiveAsync(queue, free, _options.VisibilityTimeout, stoppingToken);
                }
                finally
                {
                    slots.Release(free);
                }

                failures = 0;
                if (received.Count == 0)
                {
                    await signals.WaitAsync(queue.Name, idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = MinPollingInterval;
                await dispatch(received, slots, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException)
            {
                // Storage unreachable (restart, network): keep trying with backoff, never give up the loop.
                failures++;
                LogPollFailed(logger, e, queue.Name, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6)))), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DispatchOrchestrationsAsync(IReadOnlyList<ReceivedMessage> received, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        foreach (var undecodable in received.Where(m => m.Message is not OrchestrationMessage))
        {
            await transport.PoisonAsync(undecodable, undecodable.DecodeError ?? "Not an orchestration message.", stoppingToken);
        }

        foreach (var group in received.Where(m => m.Message is OrchestrationMessage).GroupBy(m => ((OrchestrationMessage)m.Message!).InstanceId))
        {
            await slots.WaitAsync(stoppingToken);
            var messages = group.ToList();
            _ = RunAsync(() => ProcessOrPoisonAsync(group.Key, messages, stoppingToken), slots, group.Key);
        }
    }

    /// <summary>
    /// Processes an instance's messages; if that throws for messages already past the delivery limit (a failure after
    /// decoding, e.g. unreadable history), they go to the poison queue so they stop coming back.
    /// </summary>
    private async Task ProcessOrPoisonAsync(string instanceId, List<ReceivedMessage> messages, CancellationToken stoppingToken)
    {
        try
        {
            await orchestrations.ProcessAsync(instanceId, messages, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested && messages.Any(m => m.DequeueCount > _options.MaxDequeueCount))
        {
            foreach (var message in messages.Where(m => m.DequeueCount > _options.MaxDequeueCount))
            {
                await transport.PoisonAsync(message, $"Processing failed on every delivery: {e.GetType().Name}: {e.Message}", stoppingToken);
            }

            throw;
        }
    }

    private async Task DispatchActivitiesAsync(IReadOnlyList<ReceivedMessage> received, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        foreach (var message in received)
        {
            await slots.WaitAsync(stoppingToken);
            _ = RunAsync(() => activities.ProcessAsync(message, stoppingToken), slots, message.MessageId);
        }
    }

    private async Task RunAsync(Func<Task> work, SemaphoreSlim slots, string subject)
    {
        try
        {
            await Task.Yield();
            await work();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The message stays on its queue and comes back after its visibility timeout; past the limit it is poisoned.
            LogWorkFailed(logger, e, subject);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RetryAsync(Func<Task> action, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException && !stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, e, "(create)", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed ({Failures} in a row); retrying.")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing {Subject} failed; its message will be delivered again.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string subject);
}
