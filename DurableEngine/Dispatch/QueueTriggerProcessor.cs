using DurableEngine.Storage;

namespace DurableEngine.Dispatch;

/// <summary>
/// Processes one message that a host delivered from the hub's queues (the Azure Functions host's queue trigger, when
/// the app runs as a custom handler and its own dispatchers are off). The same processors run as in standalone mode.
/// Returning means done: the host deletes the message. Throwing means retry: the host makes it visible again and,
/// past its <c>maxDequeueCount</c>, moves it to its own poison queue (set that above <see cref="DurableEngineOptions.MaxDequeueCount"/>
/// so the engine's poison handling, which fails the instance with the reason, comes first).
/// </summary>
public sealed class QueueTriggerProcessor
{
    private readonly TaskHub _hub;
    private readonly MessageTransport _transport;
    private readonly OrchestrationProcessor _orchestrations;
    private readonly ActivityProcessor _activities;

    internal QueueTriggerProcessor(TaskHub hub, MessageTransport transport, OrchestrationProcessor orchestrations, ActivityProcessor activities)
    {
        _hub = hub;
        _transport = transport;
        _orchestrations = orchestrations;
        _activities = activities;
    }

    /// <summary>The control queues (orchestration messages), one trigger each.</summary>
    public IReadOnlyList<string> ControlQueueNames => _hub.ControlQueues.Select(q => q.Name).ToList();

    /// <summary>The work-item queue (activities and completion notices).</summary>
    public string WorkItemQueueName => _hub.WorkItems.Name;

    /// <summary>Processes one delivered message; throws if it should be delivered again.</summary>
    /// <param name="queueName">The queue it came from.</param>
    /// <param name="messageId">The queue's message id.</param>
    /// <param name="messageText">The message text.</param>
    /// <param name="dequeueCount">How many times it has been delivered, this time included.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task ProcessAsync(string queueName, string messageId, string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        await _hub.EnsureCreatedAsync(cancellationToken);
        var isWorkItem = queueName == _hub.WorkItems.Name;
        var queue = isWorkItem
            ? _hub.WorkItems
            : _hub.ControlQueues.FirstOrDefault(q => q.Name == queueName)
                ?? throw new ArgumentException($"'{queueName}' is not a queue of task hub '{_hub.Name}'.", nameof(queueName));
        var message = await _transport.DecodeAsync(queue, messageId, popReceipt: null, dequeueCount, messageText, cancellationToken);
        if (isWorkItem)
        {
            await _activities.ProcessAsync(message, cancellationToken);
            return;
        }

        if (message.Message is not OrchestrationMessage orchestration)
        {
            await _transport.PoisonAsync(message, message.DecodeError ?? "Not an orchestration message.", cancellationToken);
            return;
        }

        if (!await _orchestrations.ProcessAsync(orchestration.InstanceId, [message], cancellationToken))
        {
            throw new InvalidOperationException($"Instance {orchestration.InstanceId} kept changing under this worker; the message will be delivered again.");
        }
    }
}
