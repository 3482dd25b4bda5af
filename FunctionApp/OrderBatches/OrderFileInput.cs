namespace FunctionApp.OrderBatches;

/// <summary>
/// The input of <see cref="ProcessOrderFileOrchestrator"/>: which file, its content's hash (the batch's identity), and
/// the settings it runs with, taken when it starts so a settings change never changes a running batch's replay.
/// </summary>
/// <param name="File">The blob's name in <see cref="OrderBatchOptions.IncomingContainer"/>.</param>
/// <param name="Sha256">The SHA-256 of the content, lower-case hex.</param>
/// <param name="Format">How to read it.</param>
/// <param name="MaxParallelOrders">At most this many orders are placed at once.</param>
/// <param name="OrdersPerChunk">Orders per chunk sub-orchestration.</param>
internal sealed record OrderFileInput(string File, string Sha256, OrderFileFormat Format, int MaxParallelOrders, int OrdersPerChunk);

/// <summary>What reading a file came to, as the orchestration needs it; the lines themselves are in the batch's work files.</summary>
internal sealed record OrderFileSummary(int Lines, int InvalidLines, int RejectedLines, int Orders, int Chunks, string? FileError);

/// <summary>One chunk of a batch's orders: the input of <see cref="PlaceOrderChunkOrchestrator"/>.</summary>
internal sealed record OrderChunk(string BatchId, int Index, int MaxParallelOrders);

/// <summary>How the orders of a chunk, or of a whole file, came out.</summary>
internal sealed record OrderCounts(int Confirmed, int BackOrdered, int Failed)
{
    public static OrderCounts operator +(OrderCounts a, OrderCounts b) => new(a.Confirmed + b.Confirmed, a.BackOrdered + b.BackOrdered, a.Failed + b.Failed);

    public static OrderCounts Add(OrderCounts a, OrderCounts b) => a + b;
}

/// <summary>How one order of a batch came out.</summary>
/// <param name="OrderRef">The order's reference in the file.</param>
/// <param name="InstanceId">Its order orchestration.</param>
/// <param name="Outcome"><see cref="LineOutcomes.Confirmed"/>, <see cref="LineOutcomes.BackOrdered"/> or <see cref="LineOutcomes.Failed"/>.</param>
/// <param name="Detail">The invoice, the SKUs awaited, or why it failed.</param>
internal sealed record BatchOrderResult(string OrderRef, string InstanceId, string Outcome, string? Detail);

/// <summary>The input of the report activity.</summary>
internal sealed record OrderReportRequest(string BatchId, OrderFileInput File, OrderFileSummary Summary, OrderCounts Counts, DateTime StartedAt, DateTime FinishedAt);

/// <summary>The output of a processed file: its counts and where its report is.</summary>
internal sealed record OrderFileOutcome
{
    public required string File { get; init; }

    public required int Lines { get; init; }

    public required int InvalidLines { get; init; }

    public required int RejectedLines { get; init; }

    public required int Orders { get; init; }

    public required int Confirmed { get; init; }

    public required int BackOrdered { get; init; }

    public required int Failed { get; init; }

    /// <summary>The report's blob, <c>order-reports/{name}</c>.</summary>
    public required string Report { get; init; }

    public required double DurationSeconds { get; init; }
}
