namespace Sandbox.Erp;

/// <summary>The answer to a batch: one result per adjustment, in the order sent.</summary>
internal sealed record StockAdjustmentResults(IReadOnlyList<StockAdjustmentResult> Results);

/// <summary>What became of one adjustment: <c>applied</c>, <c>duplicate</c> (its key was applied before) or <c>rejected</c> with an error.</summary>
internal sealed record StockAdjustmentResult(string IdempotencyKey, string Status, string? Error = null)
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}
