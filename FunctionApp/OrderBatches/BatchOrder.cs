using FunctionApp.Orders;

namespace FunctionApp.OrderBatches;

/// <summary>A valid order of a file: its reference, the lines of the file it came from, and the order to place.</summary>
internal sealed record BatchOrder(string OrderRef, IReadOnlyList<int> Lines, Order Order);
