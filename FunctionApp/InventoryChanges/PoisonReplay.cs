namespace FunctionApp.InventoryChanges;

/// <summary>
/// The answer of <c>POST /api/inventory-changes/poison/replay</c>: changes put back on the main queue, poison entries
/// left where they are because they hold no change, and about how many poison entries are left.
/// </summary>
internal sealed record PoisonReplay(int Replayed, int Skipped, int Remaining);
