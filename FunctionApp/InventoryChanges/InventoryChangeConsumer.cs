using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// Handles one delivered inventory-change message: hands the change to the <see cref="InventoryChangeBatcher"/> and acts
/// on its outcome. Applied (or applied before): done. Rejected by the ERP: poisoned at once with the ERP's reason.
/// Failed: thrown, so the message comes back, until delivery <see cref="InventoryChangeOptions.MaxAttempts"/>, which
/// poisons it with the last reason instead. A message that is not a change is poisoned at once and never retried.
/// </summary>
internal sealed partial class InventoryChangeConsumer(
    InventoryChangeBatcher batcher,
    InventoryChangeQueues queues,
    IOptions<InventoryChangeOptions> options,
    TimeProvider time,
    ILogger<InventoryChangeConsumer> logger)
{
    [Function("InventoryChanges")]
    public async Task RunAsync([QueueTrigger("%InventoryChanges:QueueName%")] QueueMessage message, CancellationToken cancellationToken)
    {
        var text = message.Body.ToString();
        var (span, changeText) = InventoryChangeTrace.Receive(text, queues.QueueName, message.DequeueCount);
        using var processing = span;
        var (change, problem) = InventoryChangeValidation.ParseMessage(changeText);
        span?.SetTag("acme.change_id", change?.Id);
        if (change is null)
        {
            LogGarbage(logger, message.MessageId, queues.QueueName, problem!);
            await queues.PoisonAsync(PoisonedInventoryChange.ForGarbage(text, problem!, message.DequeueCount, time.GetUtcNow()), cancellationToken);
            return;
        }

        var outcome = await batcher.SubmitAsync(change, cancellationToken);
        switch (outcome.Kind)
        {
            case InventoryChangeOutcomeKind.Applied:
                return;
            case InventoryChangeOutcomeKind.Rejected:
                LogRejected(logger, change.Id, outcome.Reason!);
                await queues.PoisonAsync(PoisonedInventoryChange.ForChange(changeText, outcome.Reason!, message.DequeueCount, time.GetUtcNow()), cancellationToken);
                return;
            case InventoryChangeOutcomeKind.Failed when message.DequeueCount >= options.Value.MaxAttempts:
                var reason = $"The ERP did not apply it in {message.DequeueCount} deliveries; the last failure: {outcome.Reason}";
                LogGaveUp(logger, change.Id, message.DequeueCount, outcome.Reason!);
                await queues.PoisonAsync(PoisonedInventoryChange.ForChange(changeText, reason, message.DequeueCount, time.GetUtcNow()), cancellationToken);
                return;
            default:
                throw new InventoryChangeNotAppliedException(change.Id, message.DequeueCount, outcome.Reason!);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "InventoryChangeGarbage", Level = LogLevel.Warning, Message = "Queue message {MessageId} on {Queue} is not an inventory change; it goes to the poison queue: {Problem}")]
    private static partial void LogGarbage(ILogger logger, string messageId, string queue, string problem);

    [LoggerMessage(EventId = 2, EventName = "InventoryChangeRejected", Level = LogLevel.Warning, Message = "The ERP rejected inventory change {ChangeId}; it goes to the poison queue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string changeId, string reason);

    [LoggerMessage(EventId = 3, EventName = "InventoryChangeGaveUp", Level = LogLevel.Error, Message = "Inventory change {ChangeId} failed {Attempts} deliveries; it goes to the poison queue: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string changeId, long attempts, string reason);
}
