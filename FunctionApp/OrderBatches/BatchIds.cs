namespace FunctionApp.OrderBatches;

/// <summary>
/// The instance ids of a batch, all derived from the file's content, so the same file maps to the same batch (never
/// processed twice) and each of its orders to one order orchestration, whatever is retried or replayed.
/// </summary>
internal static class BatchIds
{
    public static string ForFile(string sha256) => "batch-" + sha256[..24];

    public static string ForChunk(string batchId, int index) => $"{batchId}:c:{index}";

    public static string ForOrder(string batchId, string orderRef) => $"{batchId}:o:{orderRef}";
}
