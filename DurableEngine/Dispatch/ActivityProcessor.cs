using System.Text.Json;
using DurableEngine.History;
using DurableEngine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DurableEngine.Dispatch;

/// <summary>
/// Runs work items: activities (their result goes back to the instance as an event) and completion notices
/// (handed to the completion observers, retried with backoff).
/// </summary>
internal sealed partial class ActivityProcessor(
    MessageTransport transport,
    InstanceStore store,
    OrchestrationRegistry registry,
    IServiceProvider services,
    IOptions<DurableEngineOptions> options,
    TimeProvider time,
    ILogger<ActivityProcessor> logger)
{
    private readonly DurableEngineOptions _options = options.Value;

    public Task ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken) => message.Message switch
    {
        ActivityMessage activity => RunActivityAsync(message, activity, cancellationToken),
        CompletionNotice notice => NotifyAsync(message, notice, cancellationToken),
        _ => transport.PoisonAsync(message, message.DecodeError ?? $"A {message.Message?.GetType().Name} does not belong on the work-item queue.", cancellationToken),
    };

    private async Task RunActivityAsync(ReceivedMessage message, ActivityMessage activity, CancellationToken cancellationToken)
    {
        HistoryEvent result;
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            var reason = $"The activity message failed {message.DequeueCount} deliveries (limit {_options.MaxDequeueCount}); the worker running it may have crashed each time.";
            result = new TaskFailed(activity.TaskId, new FailureDetails("PoisonMessage", reason));
            await SendResultAsync(activity, result, cancellationToken);
            await transport.PoisonAsync(message, reason, cancellationToken);
            return;
        }

        using var finished = new CancellationTokenSource();
        var current = message;
        var renewing = KeepHiddenAsync(() => current, m => current = m, finished.Token, cancellationToken);
        try
        {
            result = await InvokeAsync(activity, (int)message.DequeueCount, cancellationToken);
        }
        finally
        {
            await finished.CancelAsync();
            await renewing;
        }

        await SendResultAsync(activity, result, cancellationToken);
        await transport.DeleteAsync(current, cancellationToken);
    }

    private async Task<HistoryEvent> InvokeAsync(ActivityMessage activity, int attempt, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            // Inside the try: an activity whose construction throws (a missing dependency, bad configuration) fails the call
            // with that reason, rather than failing every delivery until the message is poisoned.
            var implementation = registry.CreateActivity(activity.Name, scope.ServiceProvider);
            if (implementation is null)
            {
                return new TaskFailed(activity.TaskId, new FailureDetails("ActivityNotFound", $"No activity named '{activity.Name}' is registered in this app."));
            }

            var input = activity.Input is null ? null : JsonSerializer.Deserialize(activity.Input, implementation.InputType, _options.SerializerOptions);
            var context = new TaskActivityContext(activity.Name, activity.InstanceId, activity.TaskId, activity.IdempotencyKey, attempt);
            var output = await implementation.RunAsync(context, input, cancellationToken);
            return new TaskCompleted(activity.TaskId, output is null ? null : JsonSerializer.Serialize(output, output.GetType(), _options.SerializerOptions));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogActivityFailed(logger, e, activity.Name, activity.InstanceId, activity.TaskId);
            return new TaskFailed(activity.TaskId, FailureDetails.FromException(e));
        }
    }

    private Task SendResultAsync(ActivityMessage activity, HistoryEvent result, CancellationToken cancellationToken) =>
        transport.SendToInstanceAsync(
            new OrchestrationMessage(activity.InstanceId, activity.ExecutionId, result with { Timestamp = time.GetUtcNow().UtcDateTime }, $"task-{activity.TaskId}"),
            cancellationToken);

    /// <summary>Keeps a long-running activity's message hidden, so no other worker starts it again meanwhile.</summary>
    /// <remarks>
    /// <paramref name="finished"/> ends the wait between renewals but never a renewal already sent: storage may have applied
    /// it, and deleting the message needs the pop receipt it answers with.
    /// </remarks>
    private async Task KeepHiddenAsync(Func<ReceivedMessage> current, Action<ReceivedMessage> update, CancellationToken finished, CancellationToken cancellationToken)
    {
        var period = _options.VisibilityTimeout / 2;
        while (true)
        {
            try
            {
                await Task.Delay(period, time, finished);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var message = current();
                var receipt = await transport.HideAsync(message, _options.VisibilityTimeout, cancellationToken);
                if (receipt is null)
                {
                    return;
                }

                update(message with { PopReceipt = receipt });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage is unavailable: the next period tries again, while the current visibility may still hold.
                LogRenewFailed(logger, e);
            }
        }
    }

    private async Task NotifyAsync(ReceivedMessage message, CompletionNotice notice, CancellationToken cancellationToken)
    {
        var state = await store.ReadStateAsync(notice.InstanceId, cancellationToken);
        if (state is null || state.ExecutionId != notice.ExecutionId || !state.Status.IsTerminal())
        {
            await transport.DeleteAsync(message, cancellationToken);
            return;
        }

        try
        {
            var metadata = DurableTaskClient.ToMetadata(state);
            foreach (var observer in services.GetServices<IOrchestrationCompletionObserver>())
            {
                await observer.OnCompletedAsync(metadata, cancellationToken);
            }

            await transport.DeleteAsync(message, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNoticeFailed(logger, e, notice.InstanceId, message.DequeueCount);
            if (message.DequeueCount >= _options.MaxCompletionNoticeAttempts)
            {
                await transport.PoisonAsync(message, $"Completion observers failed {message.DequeueCount} times: {e.Message}", cancellationToken);
                return;
            }

            if (message.IsHostManaged)
            {
                // The host retries what throws, after its own visibility timeout.
                throw;
            }

            var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, message.DequeueCount)));
            await transport.HideAsync(message, backoff, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Name} of instance {InstanceId} (task {TaskId}) failed.")]
    private static partial void LogActivityFailed(ILogger logger, Exception exception, string name, string instanceId, int taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend an activity message's visibility.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Completion notice for {InstanceId} failed (delivery {DequeueCount}); it will be retried.")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string instanceId, long dequeueCount);
}
