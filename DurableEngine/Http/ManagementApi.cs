using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DurableEngine.Http;

/// <summary>
/// The instance management HTTP API, shaped like Durable Functions' (<c>/runtime/webhooks/durabletask/instances</c>):
/// status with <c>Location</c> and <c>Retry-After</c> while running, raise event, terminate, suspend, resume, rewind,
/// restart, purge and list. Errors are RFC 9457 problem details. Authorization is the host app's: every endpoint carries
/// <see cref="ManagementAccess"/> metadata.
/// </summary>
public static class ManagementApi
{
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const int RetryAfterSeconds = 1;

    /// <summary>Maps the management API under <paramref name="prefix"/> and returns its route group.</summary>
    public static RouteGroupBuilder MapDurableManagementApi(this IEndpointRouteBuilder app, string prefix = StatusResponses.DefaultPrefix)
    {
        var group = app.MapGroup(prefix + "/instances").WithTags("Durable management");

        group.MapGet("/{instanceId}", GetStatusAsync).WithMetadata(ManagementAccess.ReadStatus);
        group.MapGet("/", ListAsync).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/terminate", (DurableTaskClient c, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(instanceId, () => c.TerminateInstanceAsync(instanceId, reason, ct))).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/suspend", (DurableTaskClient c, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(instanceId, () => c.SuspendInstanceAsync(instanceId, reason, ct))).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/resume", (DurableTaskClient c, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(instanceId, () => c.ResumeInstanceAsync(instanceId, reason, ct))).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/rewind", (DurableTaskClient c, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(instanceId, () => c.RewindInstanceAsync(instanceId, reason, ct))).WithMetadata(ManagementAccess.Manage);
        group.MapPost("/{instanceId}/restart", RestartAsync).WithMetadata(ManagementAccess.Manage);
        group.MapDelete("/{instanceId}", PurgeAsync).WithMetadata(ManagementAccess.Manage);
        return group;
    }

    private static async Task<IResult> GetStatusAsync(
        HttpContext http, DurableTaskClient client, string instanceId,
        bool? showHistory, bool? showHistoryOutput, bool? showInput, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        var body = StatusResponses.Status(instance, showInput ?? true);
        if (showHistory == true)
        {
            var history = await client.GetHistoryAsync(instanceId, cancellationToken);
            body["historyEvents"] = StatusResponses.History(history, showHistoryOutput == true);
        }

        if (instance.IsCompleted)
        {
            return TypedResults.Json(body, statusCode: StatusCodes.Status200OK);
        }

        http.Response.Headers.Location = StatusResponses.InstanceUrl(StatusResponses.BaseUrl(http.Request), instanceId);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, DurableTaskClient client, string? runtimeStatus, DateTime? createdTimeFrom, DateTime? createdTimeTo,
        int? top, bool? showInput, string? instanceIdPrefix, string? name, CancellationToken cancellationToken)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var part in (runtimeStatus ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                return Problem(StatusCodes.Status400BadRequest, "Unknown runtime status",
                    $"'{part}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
            }

            statuses.Add(status);
        }

        if (top is < 1 or > 1000)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid page size", "top must be between 1 and 1000.");
        }

        var token = http.Request.Headers[ContinuationHeader].FirstOrDefault();
        OrchestrationQueryPage page;
        try
        {
            page = await client.QueryInstancesAsync(new OrchestrationQuery
            {
                RuntimeStatus = statuses,
                CreatedFrom = createdTimeFrom?.ToUniversalTime(),
                CreatedTo = createdTimeTo?.ToUniversalTime(),
                PageSize = top ?? 100,
                ContinuationToken = string.IsNullOrEmpty(token) ? null : token,
                InstanceIdPrefix = instanceIdPrefix,
                Name = name,
            }, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException { Status: 400 } or FormatException or ArgumentException or JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid continuation token", "The continuation token is not one this API issued.");
        }

        if (page.ContinuationToken is not null)
        {
            http.Response.Headers[ContinuationHeader] = page.ContinuationToken;
        }

        var items = new JsonArray();
        foreach (var instance in page.Instances)
        {
            items.Add(StatusResponses.Status(instance, showInput ?? false));
        }

        return TypedResults.Json(items);
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

        return await ControlAsync(instanceId, () => client.RaiseEventAsync(instanceId, eventName, data, cancellationToken));
    }

    private static async Task<IResult> RestartAsync(HttpContext http, DurableTaskClient client, string instanceId, bool? restartWithNewInstanceId, CancellationToken cancellationToken)
    {
        try
        {
            var newId = await client.RestartInstanceAsync(instanceId, restartWithNewInstanceId ?? true, cancellationToken);
            var baseUrl = StatusResponses.BaseUrl(http.Request);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(StatusResponses.CheckStatus(baseUrl, newId), statusCode: StatusCodes.Status202Accepted);
        }
        catch (Exception e) when (e is InstanceNotFoundException or InstanceStateException)
        {
            return FromException(instanceId, e);
        }
    }

    private static async Task<IResult> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.PurgeInstanceAsync(instanceId, cancellationToken)
                ? TypedResults.Json(new JsonObject { ["instancesDeleted"] = 1 })
                : NotFound(instanceId);
        }
        catch (InstanceStateException e)
        {
            return FromException(instanceId, e);
        }
    }

    private static async Task<IResult> ControlAsync(string instanceId, Func<Task> action)
    {
        try
        {
            await action();
            return TypedResults.Accepted((string?)null);
        }
        catch (Exception e) when (e is InstanceNotFoundException or InstanceStateException or ArgumentException)
        {
            return FromException(instanceId, e);
        }
    }

    private static IResult FromException(string instanceId, Exception e) => e switch
    {
        InstanceNotFoundException => NotFound(instanceId),
        InstanceStateException s when s.Status.IsTerminal() => Problem(StatusCodes.Status410Gone, "Instance finished", e.Message),
        InstanceStateException => Problem(StatusCodes.Status409Conflict, "Instance in the wrong state", e.Message),
        _ => Problem(StatusCodes.Status400BadRequest, "Invalid request", e.Message),
    };

    private static ProblemHttpResult NotFound(string instanceId) =>
        Problem(StatusCodes.Status404NotFound, "Instance not found", $"No orchestration instance has the id '{instanceId}'.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
