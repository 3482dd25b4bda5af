namespace Sandbox.Erp;

/// <summary>The body of <c>POST {prefix}/erp/api/v1/stock-adjustments/batch</c>, as sent.</summary>
/// <param name="Adjustments">1 to <see cref="MaxAdjustments"/> adjustments, answered in the same order.</param>
internal sealed record StockAdjustmentBatch(IReadOnlyList<StockAdjustment?>? Adjustments)
{
    public const int MaxAdjustments = 500;
    public const int MaxKeyLength = 200;

    /// <summary>The request's problems (a malformed request is refused as a whole), keyed by JSON path.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Adjustments is not { Count: > 0 and <= MaxAdjustments })
        {
            errors["adjustments"] = [$"adjustments must hold 1 to {MaxAdjustments} items."];
            return errors;
        }

        for (var i = 0; i < Adjustments.Count; i++)
        {
            if (Adjustments[i] is not { } adjustment)
            {
                errors[$"adjustments[{i}]"] = ["An adjustment may not be null."];
                continue;
            }

            if (adjustment.IdempotencyKey is not { Length: > 0 and <= MaxKeyLength })
            {
                errors[$"adjustments[{i}].idempotencyKey"] = [$"idempotencyKey is required: 1 to {MaxKeyLength} characters."];
            }

            if (string.IsNullOrWhiteSpace(adjustment.Sku))
            {
                errors[$"adjustments[{i}].sku"] = ["sku is required."];
            }

            if (adjustment.Delta is null or 0)
            {
                errors[$"adjustments[{i}].delta"] = ["delta is required and may not be 0."];
            }
        }

        return errors;
    }
}

/// <summary>One stock adjustment: add <paramref name="Delta"/> (negative to remove) to the SKU's on-hand balance, once per key.</summary>
internal sealed record StockAdjustment(string? IdempotencyKey, string? Sku, long? Delta, DateTimeOffset? OccurredAt);
