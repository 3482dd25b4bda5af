namespace FunctionApp.OrderBatches;

/// <summary>The report of one order file, written to <c>order-reports/{batch}.json</c>: every line's outcome and the counts.</summary>
internal sealed record OrderReport
{
    public required string BatchId { get; init; }

    public required string File { get; init; }

    public required string Sha256 { get; init; }

    public required OrderFileFormat Format { get; init; }

    /// <summary>Why nothing in the file could be processed, if so.</summary>
    public string? FileError { get; init; }

    public required DateTime StartedAt { get; init; }

    public required DateTime FinishedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required OrderReportCounts Counts { get; init; }

    /// <summary>Every data line, in file order.</summary>
    public required IReadOnlyList<OrderFileLine> Lines { get; init; }
}

/// <summary>The counts of a report.</summary>
internal sealed record OrderReportCounts(int Lines, int InvalidLines, int RejectedLines, int Orders, int Confirmed, int BackOrdered, int Failed);
