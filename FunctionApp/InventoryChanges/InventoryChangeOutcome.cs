namespace FunctionApp.InventoryChanges;

/// <summary>What became of one change in an ERP call.</summary>
/// <param name="Kind">Applied (now or before), rejected for good, or not applied for now.</param>
/// <param name="Reason">Why it was rejected or failed; null when applied.</param>
internal sealed record InventoryChangeOutcome(InventoryChangeOutcomeKind Kind, string? Reason = null)
{
    public static InventoryChangeOutcome Applied { get; } = new(InventoryChangeOutcomeKind.Applied);

    public static InventoryChangeOutcome Rejected(string reason) => new(InventoryChangeOutcomeKind.Rejected, reason);

    public static InventoryChangeOutcome Failed(string reason) => new(InventoryChangeOutcomeKind.Failed, reason);
}

/// <summary>The kinds of <see cref="InventoryChangeOutcome"/>.</summary>
internal enum InventoryChangeOutcomeKind
{
    /// <summary>The ERP applied it, in this call or an earlier one (a duplicate).</summary>
    Applied,

    /// <summary>The ERP refused this change for good; sending it again cannot help.</summary>
    Rejected,

    /// <summary>The call failed (unreachable, too slow, an error status) or gave no result for it: it may succeed later.</summary>
    Failed,
}
