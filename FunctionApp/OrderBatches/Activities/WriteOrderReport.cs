using FunctionApp.Durable;
using FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.OrderBatches.Activities;

/// <summary>
/// Writes a batch's report from its work files: every line's outcome, in file order, and the counts; then removes the
/// work files. Retried after the report is written, it finds the report and does not need them.
/// </summary>
internal sealed class WriteOrderReport(OrderBatchStore store)
{
    [Function(nameof(WriteOrderReport))]
    public Task<string> RunAsync([ActivityTrigger] OrderReportRequest request, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(OrderBatchStore.StepRetry, token => WriteAsync(request, token), cancellationToken);

    private async Task<string> WriteAsync(OrderReportRequest request, CancellationToken cancellationToken)
    {
        var name = store.ReportPath(request.BatchId);
        if (await store.ReadReportAsync(request.BatchId, cancellationToken) is not null)
        {
            await store.DeleteWorkAsync(request.BatchId, cancellationToken);
            return name;
        }

        var lines = await store.ReadRefusedAsync(request.BatchId, cancellationToken);
        for (var chunk = 0; chunk < request.Summary.Chunks; chunk++)
        {
            var orders = await store.ReadChunkAsync(request.BatchId, chunk, cancellationToken);
            var results = (await store.ReadResultsAsync(request.BatchId, chunk, cancellationToken)).ToDictionary(r => r.OrderRef, StringComparer.Ordinal);
            foreach (var order in orders)
            {
                var result = results[order.OrderRef];
                lines.AddRange(order.Lines.Select(line => new OrderFileLine(line, order.OrderRef, result.Outcome, result.Detail, result.InstanceId)));
            }
        }

        var (summary, counts) = (request.Summary, request.Counts);
        await store.WriteReportAsync(request.BatchId, new OrderReport
        {
            BatchId = request.BatchId,
            File = request.File.File,
            Sha256 = request.File.Sha256,
            Format = request.File.Format,
            FileError = summary.FileError,
            StartedAt = request.StartedAt,
            FinishedAt = request.FinishedAt,
            DurationSeconds = (request.FinishedAt - request.StartedAt).TotalSeconds,
            Counts = new OrderReportCounts(summary.Lines, summary.InvalidLines, summary.RejectedLines, summary.Orders, counts.Confirmed, counts.BackOrdered, counts.Failed),
            Lines = lines.OrderBy(l => l.Line).ToList(),
        }, cancellationToken);
        await store.DeleteWorkAsync(request.BatchId, cancellationToken);
        foreach (var outcome in lines.GroupBy(l => l.Outcome))
        {
            IntegrationTelemetry.RecordBatchLines(outcome.Key, outcome.Count());
        }

        return name;
    }
}
