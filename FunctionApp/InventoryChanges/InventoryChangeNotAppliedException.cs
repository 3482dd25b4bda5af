namespace FunctionApp.InventoryChanges;

/// <summary>
/// The ERP could not apply a change this time (unreachable, too slow, an error status): thrown by the queue handler so
/// the message is delivered again. The message says why; it names no credential.
/// </summary>
internal sealed class InventoryChangeNotAppliedException(string changeId, long attempt, string reason)
    : Exception($"Inventory change '{changeId}' was not applied (delivery {attempt}): {reason}")
{
    public string ChangeId { get; } = changeId;
}
