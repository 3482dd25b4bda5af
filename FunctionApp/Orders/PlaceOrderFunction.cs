using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.Exceptions;
using FunctionApp.Callbacks;
using FunctionApp.Durable;
using FunctionApp.Http;
using FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders;

/// <summary>
/// <c>POST /api/orders</c>: starts the order orchestration and, in sync mode, waits up to <c>timeout</c> seconds for its
/// reply (200), else answers 202 with the status URLs; async mode answers 202 at once. An <c>Idempotency-Key</c> maps to
/// one instance: the same key and body give the same instance and answer (also once it has finished: it never runs
/// again), the same key with another body is a 409.
/// </summary>
internal sealed class PlaceOrderFunction(CallbackUrlPolicy callbacks, IOptions<OrderOptions> options, TimeProvider time)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int DefaultTimeoutSeconds = 10;
    private const int MaxTimeoutSeconds = 60;

    /// <summary>Every status: an instance with the key's id, whatever state it is in, is never started again.</summary>
    private static readonly OrchestrationRuntimeStatus[] NeverAgain = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    [Function("PlaceOrder")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(() => PlaceAsync(request, client, cancellationToken), cancellationToken);

    private async Task<IResult> PlaceAsync(HttpRequest http, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var mode = http.Query["mode"].FirstOrDefault();
        var sync = mode is null || mode.Equals("sync", StringComparison.OrdinalIgnoreCase);
        if (!sync && !mode!.Equals("async", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid mode", "mode must be 'sync' or 'async'.");
        }

        if (QueryNumber.Read(http.Query["timeout"].FirstOrDefault(), DefaultTimeoutSeconds, 0, MaxTimeoutSeconds) is not { } waitSeconds)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid timeout", $"timeout must be a whole number of seconds from 0 to {MaxTimeoutSeconds}.");
        }

        var idempotencyKey = http.Headers[IdempotencyHeader].FirstOrDefault();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(char.IsControl)))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid idempotency key", $"The {IdempotencyHeader} header must be 1 to 200 printable characters.");
        }

        var (request, bodyError) = await JsonBody.ReadAsync<PlaceOrderRequest>(http, options.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (order, errors) = OrderValidation.Validate(request!);
        if (request!.CallbackUrl is { } callbackUrl && callbacks.Check(callbackUrl) is { } callbackProblem)
        {
            errors["callbackUrl"] = [callbackProblem];
        }

        if (errors.Count > 0)
        {
            IntegrationTelemetry.RecordOrder("Rejected");
            return TypedResults.ValidationProblem(errors, detail: "The order is not valid; nothing was started.", type: Problems.TypeBase + "invalid-order");
        }

        var input = new PlaceOrderInput(order!, request.CallbackUrl);
        var instanceId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : "order-" + Hash(idempotencyKey)[..32];
        if (idempotencyKey is not null && await ExistingAsync(client, instanceId, cancellationToken) is { } existing)
        {
            if (!SameRequest(existing, input))
            {
                return KeyReused();
            }
        }
        else if (!await StartAsync(client, instanceId, input, cancellationToken))
        {
            // Another request with the same key started it a moment ago.
            if (await ExistingAsync(client, instanceId, cancellationToken) is not { } raced || !SameRequest(raced, input))
            {
                return KeyReused();
            }
        }

        var baseUrl = StatusResponses.BaseUrl(http);
        if (!sync)
        {
            IntegrationTelemetry.RecordOrder("Accepted");
            return Accepted(http, baseUrl, instanceId);
        }

        var waitStarted = time.GetTimestamp();
        var state = await SyncReply.WaitAsync(client, instanceId, TimeSpan.FromSeconds(waitSeconds), time, cancellationToken);
        // One pass over the final state: the answer, and the outcome it is counted under (read before Reply adds to the body).
        var (outcome, answer) = state switch
        {
            { RuntimeStatus: OrchestrationRuntimeStatus.Completed } when StatusResponses.Parse(state.SerializedOutput) is var output =>
                (output?["status"]?.GetValue<string>() ?? "Completed", Reply(output, baseUrl, instanceId)),
            { RuntimeStatus: OrchestrationRuntimeStatus.Failed } => ("Failed", Problems.Create(StatusCodes.Status502BadGateway, "Order failed",
                $"The order could not be placed: {StatusResponses.FailureMessage(state)} It can be rewound once the cause is fixed.",
                StatusExtensions(baseUrl, instanceId))),
            { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => ("Terminated", Problems.Create(StatusCodes.Status409Conflict, "Order terminated",
                "The order was terminated before it finished.", StatusExtensions(baseUrl, instanceId))),
            not null when EarlyReply.Of(state) is { } reply => (reply["status"]?.GetValue<string>() ?? "EarlyReply", Reply(reply.DeepClone(), baseUrl, instanceId)),
            _ => ("Accepted", Accepted(http, baseUrl, instanceId)),
        };
        IntegrationTelemetry.RecordSyncWait(time.GetElapsedTime(waitStarted), answered: outcome != "Accepted");
        IntegrationTelemetry.RecordOrder(outcome);
        return answer;
    }

    /// <summary>Starts the order (behind its watcher, which posts the callback if it fails, when it has a callback URL); false if the id is taken.</summary>
    private static async Task<bool> StartAsync(DurableTaskClient client, string instanceId, PlaceOrderInput input, CancellationToken cancellationToken)
    {
        var (name, id) = input.CallbackUrl is null
            ? (nameof(PlaceOrderOrchestrator), instanceId)
            : (nameof(OrderWatchOrchestrator), OrderWatchOrchestrator.InstanceIdFor(instanceId));
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(id).WithDedupeStatuses(NeverAgain), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>The instance an idempotency key already maps to: the order itself, or the watcher that starts it.</summary>
    private static async Task<OrchestrationMetadata?> ExistingAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
        ?? await client.GetInstanceAsync(OrderWatchOrchestrator.InstanceIdFor(instanceId), getInputsAndOutputs: true, cancellationToken);

    private static bool SameRequest(OrchestrationMetadata existing, PlaceOrderInput input) =>
        existing.SerializedInput is { } stored && JsonNode.DeepEquals(JsonNode.Parse(stored), JsonSerializer.SerializeToNode(input, AppJson.Options));

    private static IResult KeyReused() => Problems.Create(StatusCodes.Status409Conflict, "Idempotency key reused",
        $"The {IdempotencyHeader} was used before with another request body; use a new key for a new order.");

    private static IResult Reply(JsonNode? output, string baseUrl, string instanceId)
    {
        var body = output as JsonObject ?? new JsonObject();
        body["instanceId"] = instanceId;
        body["statusQueryGetUri"] = StatusResponses.StatusUrl(baseUrl, instanceId);
        return TypedResults.Json(body);
    }

    private static IResult Accepted(HttpRequest http, string baseUrl, string instanceId)
    {
        http.HttpContext.Response.Headers.RetryAfter = "1";
        http.HttpContext.Response.Headers.Location = StatusResponses.StatusUrl(baseUrl, instanceId);
        return TypedResults.Json(StatusResponses.CheckStatus(baseUrl, instanceId), statusCode: StatusCodes.Status202Accepted);
    }

    private static Dictionary<string, object?> StatusExtensions(string baseUrl, string instanceId) => new()
    {
        ["instanceId"] = instanceId,
        ["statusQueryGetUri"] = StatusResponses.StatusUrl(baseUrl, instanceId),
    };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
