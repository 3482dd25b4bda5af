using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunctionApp.OrderBatches;

/// <summary>
/// The scan that submits every file in <c>incoming-orders</c> not submitted yet: on the schedule
/// (<c>OrderBatches:Schedule</c>, NCRONTAB with seconds; a run missed while the app was down runs at the next start, as
/// the timer trigger's schedule monitor does), and at once with <c>POST /api/order-batches/scan</c> (admin key).
/// </summary>
internal sealed class ScanOrderFilesFunctions(OrderFileIntake intake)
{
    /// <summary>The timer function's name, which also names its schedule status blob.</summary>
    public const string ScheduleFunctionName = "OrderFileSchedule";

    [Function(ScheduleFunctionName)]
    public async Task RunOnScheduleAsync(
        [TimerTrigger("%OrderBatches:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await intake.ScanAsync(client, cancellationToken);

    [Function("ScanOrderFiles")]
    public Task<IResult> RunNowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "order-batches/scan")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(async () => TypedResults.Ok(new { submitted = await intake.ScanAsync(client, cancellationToken) }), cancellationToken);
}
