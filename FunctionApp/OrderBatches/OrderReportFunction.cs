using System.Text.RegularExpressions;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.OrderBatches;

/// <summary><c>GET /api/order-batches/{id}/report</c>: a finished batch's report, every line's outcome; 404 until it is written.</summary>
internal sealed partial class OrderReportFunction(OrderBatchStore store)
{
    [Function("GetOrderReport")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "order-batches/{id}/report")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(async () =>
        {
            var report = BatchIdPattern().IsMatch(id) ? await store.ReadReportAsync(id, cancellationToken) : null;
            return report is null
                ? Problems.Create(StatusCodes.Status404NotFound, "No report", $"There is no report for '{id}': no such batch, or it has not finished.")
                : TypedResults.Json(report, OrderBatchStore.Json);
        }, cancellationToken);

    [GeneratedRegex(@"^batch-[0-9a-f]{24}\z")]
    private static partial Regex BatchIdPattern();
}
