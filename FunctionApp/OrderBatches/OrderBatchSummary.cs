namespace FunctionApp.OrderBatches;

/// <summary>
/// One order file as <c>GET /api/order-batches</c> lists it: the file and when it arrived; its batch (null when the scan
/// skipped the file, with <see cref="Skipped"/> saying why), the batch's status and stage, and once it has finished its
/// counts (<see cref="Outcome"/>, whose report is at <c>/api/order-batches/{batchId}/report</c>).
/// </summary>
internal sealed record OrderBatchSummary(
    string File,
    DateTimeOffset? ArrivedAt,
    long? Bytes,
    string? BatchId,
    string? Skipped,
    string? Status,
    string? Stage,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastUpdatedAt,
    OrderFileOutcome? Outcome);
