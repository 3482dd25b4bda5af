using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using FunctionApp.Durable;
using LocalHost.Security;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LocalHost.Management;

/// <summary>
/// Durable's instance management HTTP API (<c>/runtime/webhooks/durabletask/instances</c>), as the Durable extension
/// serves it on Azure, with the admin key: status (202 with <c>Location</c> and <c>Retry-After</c> while running,
/// 200 when finished, 404 unknown), history, raise event, terminate, suspend, resume, rewind, restart, purge, and list
/// pages with <c>x-ms-continuation-token</c>. Bad input is a 400 problem, an action the instance's state does not allow
/// a 409 (410 once it has finished), never a 500.
/// </summary>
internal static class ManagementApi
{
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const int RetryAfterSeconds = 1;
    private const int MaxPageSize = 1000;

    public static IServiceCollection AddDurableManagementApi(this IServiceCollection services) => services.AddSingleton<ContinuationTokens>();

    public static IEndpointRouteBuilder MapDurableManagementApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(StatusResponses.ManagementPrefix + "/instances").WithTags("Durable management").RequireAdminKey();
        group.MapGet("/", ListAsync);
        group.MapGet("/{instanceId}", GetStatusAsync);
        group.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        group.MapPost("/{instanceId}/terminate", (HttpContext http, DurableTaskClient client, string instanceId, CancellationToken ct) =>
            ActAsync(client, instanceId, Allow.Running, () => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(Reason(http)), ct), ct));
        group.MapPost("/{instanceId}/suspend", (HttpContext http, DurableTaskClient client, string instanceId, CancellationToken ct) =>
            ActAsync(client, instanceId, Allow.Running & ~Allow.Suspended, () => client.SuspendInstanceAsync(instanceId, Reason(http), ct), ct));
        group.MapPost("/{instanceId}/resume", (HttpContext http, DurableTaskClient client, string instanceId, CancellationToken ct) =>
            ActAsync(client, instanceId, Allow.Suspended, () => client.ResumeInstanceAsync(instanceId, Reason(http), ct), ct));
        group.MapPost("/{instanceId}/rewind", (HttpContext http, DurableTaskClient client, AzureStorageOrchestrationService service, string instanceId, CancellationToken ct) =>
            ActAsync(client, instanceId, Allow.Failed, () => service.RewindTaskOrchestrationAsync(instanceId, Reason(http) ?? "Rewound through the management API."), ct));
        group.MapPost("/{instanceId}/restart", RestartAsync);
        group.MapDelete("/{instanceId}", PurgeAsync);
        return app;
    }

    [Flags]
    private enum Allow
    {
        Pending = 1,
        RunningOnly = 2,
        Suspended = 4,
        Failed = 8,
        Running = Pending | RunningOnly | Suspended,
    }

    private static async Task<IResult> GetStatusAsync(HttpContext http, DurableTaskClient client, AzureStorageOrchestrationService service, string instanceId, CancellationToken cancellationToken)
    {
        if (Flag(http, "showHistory") is not { } showHistory || Flag(http, "showHistoryOutput") is not { } showHistoryOutput || Flag(http, "showInput", true) is not { } showInput)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid flag", "showHistory, showHistoryOutput and showInput must be true or false.");
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        var body = StatusResponses.Status(instance, showInput);
        if (showHistory)
        {
            body["historyEvents"] = HistoryJson.From(await service.GetOrchestrationHistoryAsync(instanceId, null), showHistoryOutput);
        }

        if (instance.IsCompleted)
        {
            return TypedResults.Json(body);
        }

        http.Response.Headers.Location = StatusResponses.ManagementUrl(StatusResponses.BaseUrl(http.Request), instanceId);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var part in (query["runtimeStatus"].ToString()).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
            {
                return Problem(StatusCodes.Status400BadRequest, "Unknown runtime status",
                    $"'{part}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
            }

            statuses.Add(status);
        }

        var top = 100;
        if (query["top"].FirstOrDefault() is { } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxPageSize))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid page size", $"top must be a whole number from 1 to {MaxPageSize}.");
        }

        if (!TryTime(query["createdTimeFrom"].FirstOrDefault(), out var from) || !TryTime(query["createdTimeTo"].FirstOrDefault(), out var to))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid time", "createdTimeFrom and createdTimeTo must be ISO 8601 times, such as 2026-12-01T09:00:00Z.");
        }

        if (Flag(http, "showInput") is not { } showInput)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid flag", "showInput must be true or false.");
        }

        string? token = null;
        if (http.Request.Headers[ContinuationHeader].FirstOrDefault() is { Length: > 0 } given && (token = tokens.Unprotect(given)) is null)
        {
            return InvalidToken();
        }

        Page<OrchestrationMetadata>? page = null;
        try
        {
            var pages = client.GetAllInstancesAsync(new OrchestrationQuery
            {
                Statuses = statuses.Count > 0 ? statuses : null,
                CreatedFrom = from,
                CreatedTo = to,
                PageSize = top,
                ContinuationToken = token,
                InstanceIdPrefix = query["instanceIdPrefix"].FirstOrDefault() is { Length: > 0 } prefix ? prefix : null,
                FetchInputsAndOutputs = showInput,
            }).AsPages(token, top);
            await foreach (var first in pages.WithCancellation(cancellationToken))
            {
                page = first;
                break;
            }
        }
        catch (Grpc.Core.RpcException) when (token is not null)
        {
            return InvalidToken();
        }

        if (page?.ContinuationToken is { Length: > 0 } next)
        {
            http.Response.Headers[ContinuationHeader] = tokens.Protect(next);
        }

        return TypedResults.Json(new JsonArray((page?.Values ?? []).Select(i => (JsonNode)StatusResponses.Status(i, showInput)).ToArray()));
    }

    private static async Task<IResult> RaiseEventAsync(HttpRequest request, DurableTaskClient client, string instanceId, string eventName, CancellationToken cancellationToken)
    {
        JsonElement? data = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                data = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid event data", $"The event data is not valid JSON: {e.Message}");
            }
        }

        return await ActAsync(client, instanceId, Allow.Running, () => client.RaiseEventAsync(instanceId, eventName, data, cancellationToken), cancellationToken);
    }

    private static async Task<IResult> RestartAsync(HttpContext http, DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        if (Flag(http, "restartWithNewInstanceId", true) is not { } newId)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid flag", "restartWithNewInstanceId must be true or false.");
        }

        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (!newId && !instance.IsCompleted)
        {
            return Problem(StatusCodes.Status409Conflict, "Instance still running", "An instance can be restarted under its own id only once it has finished.");
        }

        var restarted = await client.RestartAsync(instanceId, newId, cancellationToken);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(StatusResponses.CheckStatus(StatusResponses.BaseUrl(http.Request), restarted), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (!instance.IsCompleted)
        {
            return Problem(StatusCodes.Status409Conflict, "Instance still running", "Only a finished instance can be purged; terminate it first.");
        }

        var purged = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return TypedResults.Json(new JsonObject { ["instancesDeleted"] = purged.PurgedInstanceCount });
    }

    private static async Task<IResult> ActAsync(DurableTaskClient client, string instanceId, Allow allowed, Func<Task> action, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        var state = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => Allow.Pending,
            OrchestrationRuntimeStatus.Running => Allow.RunningOnly,
            OrchestrationRuntimeStatus.Suspended => Allow.Suspended,
            OrchestrationRuntimeStatus.Failed => Allow.Failed,
            _ => (Allow)0,
        };
        if ((allowed & state) == 0)
        {
            return instance.IsCompleted
                ? Problem(StatusCodes.Status410Gone, "Instance finished", $"Instance '{instanceId}' is {instance.RuntimeStatus}.")
                : Problem(StatusCodes.Status409Conflict, "Instance in the wrong state", $"Instance '{instanceId}' is {instance.RuntimeStatus}; this action is not possible now.");
        }

        await action();
        return TypedResults.Accepted((string?)null);
    }

    private static string? Reason(HttpContext http) => http.Request.Query["reason"].FirstOrDefault();

    private static bool? Flag(HttpContext http, string name, bool fallback = false) =>
        http.Request.Query[name].FirstOrDefault() switch
        {
            null or "" => fallback,
            var value when bool.TryParse(value, out var flag) => flag,
            _ => null,
        };

    /// <summary>False when <paramref name="value"/> is given but is not a time; <paramref name="time"/> is null when none is given.</summary>
    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }

    private static IResult InvalidToken() =>
        Problem(StatusCodes.Status400BadRequest, "Invalid continuation token", "The continuation token is not one this API issued.");

    private static IResult NotFound(string instanceId) =>
        Problem(StatusCodes.Status404NotFound, "Instance not found", $"No orchestration instance has the id '{instanceId}'.");

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
