using System.ComponentModel.DataAnnotations;

namespace FunctionApp.OrderBatches;

/// <summary>Settings of the daily order file, bound from <c>OrderBatches</c>.</summary>
internal sealed class OrderBatchOptions
{
    public const string SectionName = "OrderBatches";

    private const string ContainerName = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";

    /// <summary>The blob container order files arrive in, uploaded or dropped.</summary>
    [Required, RegularExpression(ContainerName)]
    public string IncomingContainer { get; set; } = "incoming-orders";

    /// <summary>The blob container each file's report is written to.</summary>
    [Required, RegularExpression(ContainerName)]
    public string ReportsContainer { get; set; } = "order-reports";

    /// <summary>The blob container of the batches' working files (parsed orders, per-chunk results), removed once the report is written.</summary>
    [Required, RegularExpression(ContainerName)]
    public string WorkContainer { get; set; } = "order-batches";

    /// <summary>When files not yet processed are picked up: NCRONTAB with six fields, seconds first, UTC. Default: daily at 02:00.</summary>
    [Required]
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>At most this many orders of one file are being placed at once.</summary>
    [Range(1, 500)]
    public int MaxParallelOrders { get; set; } = 16;

    /// <summary>Orders per chunk: each chunk is one sub-orchestration, which keeps every orchestration's history short.</summary>
    [Range(1, 1000)]
    public int OrdersPerChunk { get; set; } = 100;

    /// <summary>The largest file accepted, in bytes.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}
