namespace FunctionApp.InventoryChanges;

/// <summary>
/// The answer of <c>GET /api/inventory-changes/queues</c>: the queue and how many changes wait in it, the age of the
/// oldest in seconds, the poison queue and how many entries it holds (approximate counts, as the queue service gives
/// them), and its first entries.
/// </summary>
internal sealed record InventoryQueuesReport(
    string Queue,
    int Waiting,
    double OldestAgeSeconds,
    string PoisonQueue,
    int Poisoned,
    IReadOnlyList<PoisonEntry> PoisonEntries);
