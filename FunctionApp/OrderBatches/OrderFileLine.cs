namespace FunctionApp.OrderBatches;

/// <summary>What became of one line of an order file, as the report lists it.</summary>
/// <param name="Line">The line number in the file, the header being line 1 in a CSV file.</param>
/// <param name="OrderRef">The order the line belongs to, when it could be read.</param>
/// <param name="Outcome">One of <see cref="LineOutcomes"/>.</param>
/// <param name="Detail">Why it was refused, or the order's invoice, or why it failed.</param>
/// <param name="InstanceId">The order orchestration that placed it, if any.</param>
internal sealed record OrderFileLine(int Line, string? OrderRef, string Outcome, string? Detail, string? InstanceId = null);

/// <summary>The outcomes of a line.</summary>
internal static class LineOutcomes
{
    /// <summary>The line itself is bad: it cannot be read or does not make a valid order line.</summary>
    public const string Invalid = "Invalid";

    /// <summary>The line is fine, but its order is not placed because another of its lines is bad.</summary>
    public const string Rejected = "Rejected";

    /// <summary>The order was placed and confirmed.</summary>
    public const string Confirmed = "Confirmed";

    /// <summary>The order was placed and waits for stock; it is confirmed when the warehouse restocks.</summary>
    public const string BackOrdered = "BackOrdered";

    /// <summary>Placing the order failed; its orchestration can be rewound.</summary>
    public const string Failed = "Failed";
}
