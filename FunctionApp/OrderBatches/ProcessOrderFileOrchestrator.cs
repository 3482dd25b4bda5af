using FunctionApp.OrderBatches.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionApp.OrderBatches;

/// <summary>
/// Processes one order file: reads and validates every line, places the valid orders chunk by chunk (each chunk a
/// <see cref="PlaceOrderChunkOrchestrator"/>, each order a <c>PlaceOrderOrchestrator</c> under it, with bounded
/// parallelism), and writes the report. Its output carries the counts; its custom status the progress. A file that
/// cannot be read at all (no header, changed since it was submitted) fails the instance, with a report saying why.
/// </summary>
internal sealed class ProcessOrderFileOrchestrator
{
    [Function(nameof(ProcessOrderFileOrchestrator))]
    public async Task<OrderFileOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, OrderFileInput input)
    {
        var startedAt = context.CurrentUtcDateTime;
        context.SetCustomStatus(new { stage = "Reading" });
        var summary = await context.CallActivityAsync<OrderFileSummary>(nameof(ParseOrderFile), new ParseRequest(context.InstanceId, input));

        var counts = new OrderCounts(0, 0, 0);
        for (var chunk = 0; chunk < summary.Chunks; chunk++)
        {
            context.SetCustomStatus(new { stage = "Placing", summary.Orders, placed = counts.Confirmed + counts.BackOrdered + counts.Failed, chunk = chunk + 1, summary.Chunks });
            counts += await context.CallSubOrchestratorAsync<OrderCounts>(
                nameof(PlaceOrderChunkOrchestrator),
                new OrderChunk(context.InstanceId, chunk, input.MaxParallelOrders),
                new SubOrchestrationOptions { InstanceId = BatchIds.ForChunk(context.InstanceId, chunk) });
        }

        context.SetCustomStatus(new { stage = "Reporting" });
        var finishedAt = context.CurrentUtcDateTime;
        var report = await context.CallActivityAsync<string>(
            nameof(WriteOrderReport), new OrderReportRequest(context.InstanceId, input, summary, counts, startedAt, finishedAt));
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
