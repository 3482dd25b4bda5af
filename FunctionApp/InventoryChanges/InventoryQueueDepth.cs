namespace FunctionApp.InventoryChanges;

/// <summary>A reading of the inventory-change queues: changes waiting, the age of the oldest, and poisoned entries.</summary>
internal sealed record InventoryQueueDepth(int Waiting, TimeSpan OldestAge, int Poisoned);
