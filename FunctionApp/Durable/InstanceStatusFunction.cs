using System.Globalization;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunctionApp.Durable;

/// <summary>
/// <c>GET /api/instances/{instanceId}</c>: the status of one instance for a caller holding a function key (the
/// <c>statusQueryGetUri</c> handed out in every 202). Durable's own status webhook needs the system key, which must not
/// be given to callers: it manages every instance. 202 with <c>Location</c> and <c>Retry-After</c> while the instance
/// runs, 200 when it has finished, 404 if there is no such instance.
/// </summary>
internal sealed class InstanceStatusFunction
{
    private const int RetryAfterSeconds = 1;

    [Function("GetInstanceStatus")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(async () =>
        {
            if (!InstanceIds.IsValid(instanceId))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Invalid instance id", InstanceIds.Rule);
            }

            var showInput = request.Query["showInput"].FirstOrDefault();
            if (showInput is not (null or "true" or "false"))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Invalid showInput", "showInput must be true or false.");
            }

            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is null)
            {
                return Problems.Create(StatusCodes.Status404NotFound, "Instance not found", $"No orchestration instance has the id '{instanceId}'.");
            }

            var body = StatusResponses.Status(instance, showInput != "false");
            if (instance.IsCompleted)
            {
                return TypedResults.Json(body);
            }

            request.HttpContext.Response.Headers.Location = StatusResponses.StatusUrl(StatusResponses.BaseUrl(request), instanceId);
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }, cancellationToken);
}
