using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace LocalHost.Triggers;

/// <summary>
/// Delivers the app's queue-triggered and timer-triggered functions as the Functions host's queue and timer triggers do.
/// Queue messages: fetched <see cref="QueueTriggerOptions.BatchSize"/> at a time and run concurrently, kept hidden while
/// the function runs (<see cref="QueueMessageLease"/>), deleted when it returns, visible again after
/// <see cref="QueueTriggerOptions.VisibilityTimeout"/> when it throws, and moved to <c>{queue}-poison</c> after
/// <see cref="QueueTriggerOptions.MaxDequeueCount"/> deliveries. Schedules: see <see cref="TimerSchedule"/>.
/// </summary>
internal sealed partial class TriggerRunner(
    IServiceProvider services,
    IEnumerable<TriggerFunction> functions,
    QueueServiceClient queues,
    BlobServiceClient blobs,
    IOptions<QueueTriggerOptions> options,
    IOptions<LocalTriggerOptions> local,
    TimeProvider time,
    ILogger<TriggerRunner> logger) : BackgroundService
{
    /// <summary>The suffix of the queue a message moves to once it has failed too often, as the Functions host names it.</summary>
    public const string PoisonSuffix = "-poison";

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        foreach (var function in functions)
        {
            loops.Add(function switch
            {
                QueueFunction queue => PollAsync(queue, stoppingToken),
                TimerFunction timer => new TimerSchedule(timer, local.Value.HostId, services, blobs, time, logger).RunAsync(stoppingToken),
                _ => throw new InvalidOperationException($"{function.Name}: no standalone delivery for {function.GetType().Name}."),
            });
        }

        return Task.WhenAll(loops);
    }

    private async Task PollAsync(QueueFunction function, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queue = queues.GetQueueClient(function.QueueName);
        var inFlight = new HashSet<Task>();
        var idle = MinPollingInterval;
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    created = true;
                }

                if (inFlight.Count > settings.NewBatchThreshold)
                {
                    inFlight.Remove(await Task.WhenAny(inFlight));
                    continue;
                }

                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, local.Value.MessageLease, stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(idle, time, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = MinPollingInterval;
                foreach (var message in messages)
                {
                    inFlight.Add(DeliverAsync(function, queue, message, stoppingToken));
                }

                inFlight.RemoveWhere(t => t.IsCompleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RequestFailedException or IOException or HttpRequestException or AggregateException)
            {
                LogStorageUnavailable(logger, e, function.Name, function.QueueName);
                idle = settings.MaxPollingInterval;
                await DelayUnlessStoppingAsync(idle, stoppingToken);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task DelayUnlessStoppingAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The loop ends on its own check.
        }
    }

    /// <summary>Runs the function for one message and settles the message; never throws.</summary>
    private async Task DeliverAsync(QueueFunction function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            Exception? failure = null;
            var lease = QueueMessageLease.Start(queue, message, local.Value.MessageLease, time, logger, stoppingToken);
            string popReceipt;
            try
            {
                await using var scope = services.CreateAsyncScope();
                await function.Invoke(scope.ServiceProvider, message, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failure = e;
            }
            finally
            {
                popReceipt = await lease.StopAsync();
            }

            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                LogPoisoned(logger, failure, function.Name, message.MessageId, message.DequeueCount);
                var poison = queues.GetQueueClient(queue.Name + PoisonSuffix);
                await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
            }
            else
            {
                LogFailed(logger, failure, function.Name, message.MessageId, message.DequeueCount);
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message comes back when its lease ends.
        }
        catch (Exception e)
        {
            // The message could not be settled (storage down, lease lost): it comes back when its lease ends.
            LogUnsettled(logger, e, function.Name, message.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} cannot read queue {Queue}; trying again shortly.")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string function, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed for message {MessageId} (delivery {DequeueCount}); it will be delivered again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed for message {MessageId} on its delivery {DequeueCount}, the last allowed: moved to the poison queue.")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} could not settle message {MessageId}; it comes back when its lease ends.")]
    private static partial void LogUnsettled(ILogger logger, Exception exception, string function, string messageId);
}
