namespace FunctionApp.OrderBatches;

/// <summary>An order file, read: the orders to place and the lines refused, or why the file as a whole cannot be read.</summary>
/// <param name="Lines">The data lines (blank lines and the header not counted).</param>
/// <param name="Refused">The lines not placed: <see cref="LineOutcomes.Invalid"/> or <see cref="LineOutcomes.Rejected"/>.</param>
/// <param name="Orders">The valid orders, in the order of their first line.</param>
/// <param name="FileError">Set when nothing in the file can be read (no header, say).</param>
internal sealed record ParsedOrderFile(int Lines, IReadOnlyList<OrderFileLine> Refused, IReadOnlyList<BatchOrder> Orders, string? FileError = null);
