namespace FunctionApp.Connectors;

/// <summary>One stock adjustment sent to the ERP; the ERP applies a given <paramref name="IdempotencyKey"/> at most once.</summary>
internal sealed record ErpStockAdjustment(string IdempotencyKey, string Sku, int Delta, DateTimeOffset? OccurredAt);

/// <summary>What the ERP did with one adjustment: <see cref="Applied"/>, <see cref="Duplicate"/> or <see cref="Rejected"/> (with its <paramref name="Error"/>).</summary>
internal sealed record ErpStockAdjustmentResult(string IdempotencyKey, string Status, string? Error)
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}
