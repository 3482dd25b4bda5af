using System.Collections;
using System.Reflection;
using DurableTask.AzureStorage;
using Azure;
using Azure.Storage.Queues.Models;
using DurableTask.Core;

namespace LocalHost.Durable;

/// <summary>
/// The Azure Storage provider as the dispatchers see it, with one fix: an activity whose abandon fails is not stranded.
/// </summary>
/// <remarks>
/// When an activity's completion fails (storage went away, or its message was received again after a lost answer), the
/// dispatcher abandons the work item. If that abandon fails too, the provider keeps the work item's session for good,
/// and rejects every later delivery of the message as "processed multiple times concurrently": the instance waits
/// forever (Azure/durabletask#1173). So a failed abandon is tried again while the message is still locked, and if it
/// cannot succeed (the message was received again, or its lock ran out), the session is let go, so the next delivery runs.
/// </remarks>
internal sealed partial class StrandedActivityGuard : IOrchestrationService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly AzureStorageOrchestrationService _inner;
    private readonly IDictionary _activitySessions;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public StrandedActivityGuard(AzureStorageOrchestrationService inner, ILogger logger, CancellationToken stopping)
    {
        _inner = inner;
        _stopping = stopping;
        _logger = logger;
        // The provider's own table of running activity sessions; there is no public way to let one go.
        var field = typeof(AzureStorageOrchestrationService).GetField("activeActivitySessions", BindingFlags.Instance | BindingFlags.NonPublic);
        _activitySessions = field?.GetValue(inner) as IDictionary ?? throw new InvalidOperationException(
            "DurableTask.AzureStorage no longer has the activity session table LocalHost releases stranded activities from; check StrandedActivityGuard against this version.");
    }

    public int TaskOrchestrationDispatcherCount => _inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => _inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _inner.MaxConcurrentTaskActivityWorkItems;

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await _inner.AbandonTaskActivityWorkItemAsync(workItem);
                return;
            }
            catch (Exception e) when (e.InnerException is RequestFailedException { ErrorCode: var code } && code == QueueErrorCode.PopReceiptMismatch)
            {
                // Received again meanwhile: that delivery is the one to run.
                Release(workItem, e);
                return;
            }
            catch (Exception e) when (DateTime.UtcNow + delay >= workItem.LockedUntilUtc || _stopping.IsCancellationRequested)
            {
                // The lock runs out before storage answers: the message comes back by itself then.
                Release(workItem, e);
                return;
            }
            catch (Exception e)
            {
                LogAbandonRetry(_logger, e, workItem.Id, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, _stopping);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the next attempt releases the session.
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private void Release(TaskActivityWorkItem workItem, Exception reason)
    {
        _activitySessions.Remove(workItem.Id);
        LogReleased(_logger, reason, workItem.Id, workItem.TaskMessage?.OrchestrationInstance?.InstanceId);
    }

    public Task StartAsync() => _inner.StartAsync();

    public Task StopAsync() => _inner.StopAsync();

    public Task StopAsync(bool isForced) => _inner.StopAsync(isForced);

    public Task CreateAsync() => _inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => _inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => _inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => _inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => _inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        _inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        _inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity work item {WorkItemId} could not be abandoned (storage does not answer); trying again in {Seconds} s.")]
    private static partial void LogAbandonRetry(ILogger logger, Exception exception, string workItemId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity work item {WorkItemId} of instance {InstanceId} could not be abandoned; its session is released so that the message's next delivery runs.")]
    private static partial void LogReleased(ILogger logger, Exception exception, string workItemId, string? instanceId);
}
