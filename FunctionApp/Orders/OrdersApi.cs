using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableEngine;
using DurableEngine.Http;
using FunctionApp.Callbacks;
using FunctionApp.Http;
using FunctionApp.Security;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders;

/// <summary>
/// <c>POST /api/orders</c>: starts the order orchestration and, in sync mode, waits up to <c>timeout</c> seconds for its
/// reply (200), else answers 202 with the status URLs; async mode answers 202 at once. An <c>Idempotency-Key</c> maps to
/// one instance: the same key and body give the same instance and answer, the same key with another body is a 409.
/// </summary>
internal static class OrdersApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const string RequestHashTag = "requestHash";
    private const int DefaultTimeoutSeconds = 10;
    private const int MaxTimeoutSeconds = 60;

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders").RequireFunctionKey();
        group.MapPost("/", PlaceOrderAsync);
        return group;
    }

    private static async Task<IResult> PlaceOrderAsync(
        HttpContext http,
        DurableTaskClient client,
        CallbackUrlPolicy callbacks,
        IOptions<OrderOptions> options,
        string? mode,
        string? timeout,
        CancellationToken cancellationToken)
    {
        var sync = mode is null || mode.Equals("sync", StringComparison.OrdinalIgnoreCase);
        if (!sync && !mode!.Equals("async", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid mode", "mode must be 'sync' or 'async'.");
        }

        var waitSeconds = DefaultTimeoutSeconds;
        if (timeout is not null && (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out waitSeconds) || waitSeconds > MaxTimeoutSeconds))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid timeout", $"timeout must be a whole number of seconds from 0 to {MaxTimeoutSeconds}.");
        }

        var idempotencyKey = http.Request.Headers[IdempotencyHeader].FirstOrDefault();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(char.IsControl)))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid idempotency key", $"The {IdempotencyHeader} header must be 1 to 200 printable characters.");
        }

        var (request, bodyError) = await JsonBody.ReadAsync<PlaceOrderRequest>(http.Request, options.Value.MaxRequestBytes, cancellationToken);
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
            return TypedResults.ValidationProblem(errors, detail: "The order is not valid; nothing was started.", type: Problems.TypeBase + "invalid-order");
        }

        var tags = new Dictionary<string, string> { [RequestHashTag] = Hash(JsonSerializer.Serialize(new { order, request.CallbackUrl })) };
        if (request.CallbackUrl is not null)
        {
            tags[CallbackSender.TagName] = request.CallbackUrl;
        }

        string instanceId;
        try
        {
            instanceId = await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(PlaceOrderOrchestrator),
                order,
                new StartOrchestrationOptions(idempotencyKey is null ? null : "order-" + Hash(idempotencyKey)[..32], tags),
                cancellationToken);
        }
        catch (InstanceAlreadyExistsException e)
        {
            if (!e.Existing.Tags.TryGetValue(RequestHashTag, out var hash) || hash != tags[RequestHashTag])
            {
                return Problems.Create(StatusCodes.Status409Conflict, "Idempotency key reused",
                    $"The {IdempotencyHeader} was used before with another request body; use a new key for a new order.");
            }

            instanceId = e.Existing.InstanceId;
        }

        var baseUrl = StatusResponses.BaseUrl(http.Request);
        if (!sync)
        {
            return Accepted(http, baseUrl, instanceId);
        }

        var state = await client.WaitForReplyAsync(instanceId, TimeSpan.FromSeconds(waitSeconds), cancellationToken);
        return state switch
        {
            { RuntimeStatus: OrchestrationRuntimeStatus.Completed } => Reply(state.SerializedOutput, baseUrl, instanceId),
            { RuntimeStatus: OrchestrationRuntimeStatus.Failed } => Problems.Create(StatusCodes.Status502BadGateway, "Order failed",
                $"The order could not be placed: {state.FailureDetails?.ErrorMessage}. It can be rewound once the cause is fixed.",
                StatusExtensions(baseUrl, instanceId)),
            { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => Problems.Create(StatusCodes.Status409Conflict, "Order terminated",
                "The order was terminated before it finished.", StatusExtensions(baseUrl, instanceId)),
            { SerializedReply: { } reply } => Reply(reply, baseUrl, instanceId),
            _ => Accepted(http, baseUrl, instanceId),
        };
    }

    private static IResult Reply(string? json, string baseUrl, string instanceId)
    {
        var body = (json is null ? null : JsonNode.Parse(json) as JsonObject) ?? new JsonObject();
        body["instanceId"] = instanceId;
        body["statusQueryGetUri"] = StatusResponses.InstanceUrl(baseUrl, instanceId);
        return TypedResults.Json(body);
    }

    private static IResult Accepted(HttpContext http, string baseUrl, string instanceId)
    {
        http.Response.Headers.RetryAfter = "1";
        http.Response.Headers.Location = StatusResponses.InstanceUrl(baseUrl, instanceId);
        return TypedResults.Json(StatusResponses.CheckStatus(baseUrl, instanceId), statusCode: StatusCodes.Status202Accepted);
    }

    private static Dictionary<string, object?> StatusExtensions(string baseUrl, string instanceId) => new()
    {
        ["instanceId"] = instanceId,
        ["statusQueryGetUri"] = StatusResponses.InstanceUrl(baseUrl, instanceId),
    };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
