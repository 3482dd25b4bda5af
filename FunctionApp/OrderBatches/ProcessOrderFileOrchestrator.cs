using DurableEngine;
using FunctionApp.OrderBatches.Activities;

namespace FunctionApp.OrderBatches;

/// <summary>
/// Processes one order file: reads and validates every line, places the valid orders chunk by chunk (each chunk a
/// <see cref="PlaceOrderChunkOrchestrator"/>, each order a <c>PlaceOrderOrchestrator</c> under it, with bounded
/// parallelism), and writes the report. Its output carries the counts; its custom status the progress. A file that
/// cannot be read at all (no header, changed since it was submitted) fails the instance, with a report saying why.
/// </summary>
internal sealed class ProcessOrderFileOrchestrator : TaskOrchestrator<OrderFileInput, OrderFileOutcome>
{
    private static readonly TaskOptions Step = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    public override async Task<OrderFileOutcome> RunAsync(TaskOrchestrationContext context, OrderFileInput input)
    {
        var startedAt = context.CurrentUtcDateTime;
        context.SetCustomStatus(new { stage = "Reading" });
        var summary = await context.CallActivityAsync<OrderFileSummary>(nameof(ParseOrderFile), new ParseRequest(context.InstanceId, input), Step);

        var counts = new OrderCounts(0, 0, 0);
        for (var chunk = 0; chunk < summary.Chunks; chunk++)
        {
            context.SetCustomStatus(new { stage = "Placing", summary.Orders, placed = counts.Confirmed + counts.BackOrdered + counts.Failed, chunk = chunk + 1, summary.Chunks });
            counts += await context.CallSubOrchestratorAsync<OrderCounts>(
                nameof(PlaceOrderChunkOrchestrator),
                new OrderChunk(context.InstanceId, chunk, input.MaxParallelOrders),
                new SubOrchestrationOptions(BatchIds.ForChunk(context.InstanceId, chunk)));
        }

        context.SetCustomStatus(new { stage = "Reporting" });
        var finishedAt = context.CurrentUtcDateTime;
        var report = await context.CallActivityAsync<string>(
            nameof(WriteOrderReport), new OrderReportRequest(context.InstanceId, input, summary, counts, startedAt, finishedAt), Step);
        if (summary.FileError is not null)
        {
            throw new InvalidOperationException($"{input.File} cannot be processed: {summary.FileError} The report is {report}.");
        }

        context.SetCustomStatus(new { stage = "Done" });
        return new OrderFileOutcome
        {
            File = input.File,
            Lines = summary.Lines,
            InvalidLines = summary.InvalidLines,
            RejectedLines = summary.RejectedLines,
            Orders = summary.Orders,
            Confirmed = counts.Confirmed,
            BackOrdered = counts.BackOrdered,
            Failed = counts.Failed,
            Report = report,
            DurationSeconds = (finishedAt - startedAt).TotalSeconds,
        };
    }
}
