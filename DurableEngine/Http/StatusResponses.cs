using System.Globalization;
using System.Text.Json.Nodes;
using DurableEngine.Dispatch;
using DurableEngine.History;
using Microsoft.AspNetCore.Http;

namespace DurableEngine.Http;

/// <summary>Builds the JSON bodies of the management API with Durable Functions' field names.</summary>
public static class StatusResponses
{
    /// <summary>The route prefix of the management API.</summary>
    public const string DefaultPrefix = "/runtime/webhooks/durabletask";

    /// <summary>
    /// The status body: <c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>, <c>input</c>, <c>customStatus</c>,
    /// <c>output</c>, <c>createdTime</c>, <c>lastUpdatedTime</c>, and <c>failureDetails</c> when failed.
    /// </summary>
    public static JsonObject Status(OrchestrationMetadata instance, bool showInput = true)
    {
        var body = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(instance.SerializedInput) : null,
            ["customStatus"] = Parse(instance.SerializedCustomStatus),
            ["output"] = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.FailureDetails is { } f
                ? JsonValue.Create(f.ToString())
                : Parse(instance.SerializedOutput),
            ["createdTime"] = Time(instance.CreatedAt),
            ["lastUpdatedTime"] = Time(instance.LastUpdatedAt),
        };
        if (instance.FailureDetails is { } failure)
        {
            body["failureDetails"] = new JsonObject { ["errorType"] = failure.ErrorType, ["errorMessage"] = failure.ErrorMessage };
        }

        return body;
    }

    /// <summary>
    /// The body of a 202 that started an instance: its <c>id</c> and the management URLs, built on <paramref name="baseUrl"/>
    /// (scheme, host and path base of the app). The URLs carry no key: callers send theirs in the <c>x-functions-key</c> header.
    /// </summary>
    public static JsonObject CheckStatus(string baseUrl, string instanceId)
    {
        var instance = InstanceUrl(baseUrl, instanceId);
        return new JsonObject
        {
            ["id"] = instanceId,
            ["statusQueryGetUri"] = instance,
            ["sendEventPostUri"] = instance + "/raiseEvent/{eventName}",
            ["terminatePostUri"] = instance + "/terminate?reason={text}",
            ["suspendPostUri"] = instance + "/suspend?reason={text}",
            ["resumePostUri"] = instance + "/resume?reason={text}",
            ["rewindPostUri"] = instance + "/rewind?reason={text}",
            ["restartPostUri"] = instance + "/restart",
            ["purgeHistoryDeleteUri"] = instance,
        };
    }

    /// <summary>The status URL of an instance.</summary>
    public static string InstanceUrl(string baseUrl, string instanceId) =>
        $"{baseUrl.TrimEnd('/')}{DefaultPrefix}/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>
    /// The base the management URLs are built on: the app's base URL as the caller sees it, followed by the
    /// <see cref="ManagementPathBase"/> feature when the app serves the API under one.
    /// </summary>
    public static string BaseUrl(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.HttpContext.Features.Get<ManagementPathBase>()?.Value}";

    internal static JsonArray History(IReadOnlyList<HistoryEvent> events, bool showOutput)
    {
        var array = new JsonArray();
        foreach (var e in events)
        {
            var item = new JsonObject { ["EventType"] = e.GetType().Name, ["Timestamp"] = Time(e.Timestamp) };
            switch (e)
            {
                case ExecutionStarted s:
                    item["FunctionName"] = s.Name;
                    break;
                case TaskScheduled t:
                    item["FunctionName"] = t.Name;
                    item["EventId"] = t.TaskId;
                    break;
                case TaskCompleted or SubOrchestrationCompleted:
                    item["TaskScheduledId"] = HistoryIndex.AnsweredId(e);
                    if (showOutput)
                    {
                        item["Result"] = Parse(e is TaskCompleted task ? task.Result : ((SubOrchestrationCompleted)e).Result);
                    }

                    break;
                case TaskFailed or SubOrchestrationFailed:
                    item["TaskScheduledId"] = HistoryIndex.AnsweredId(e);
                    item["Reason"] = (e is TaskFailed failed ? failed.Failure : ((SubOrchestrationFailed)e).Failure).ToString();
                    break;
                case TimerCreated t:
                    item["EventId"] = t.TaskId;
                    item["FireAt"] = Time(t.FireAt);
                    break;
                case TimerFired t:
                    item["TimerId"] = t.TimerId;
                    item["FireAt"] = Time(t.FireAt);
                    break;
                case SubOrchestrationCreated s:
                    item["FunctionName"] = s.Name;
                    item["EventId"] = s.TaskId;
                    item["InstanceId"] = s.InstanceId;
                    break;
                case EventRaised r:
                    item["Name"] = r.Name;
                    if (showOutput)
                    {
                        item["Input"] = Parse(r.Input);
                    }

                    break;
                case ExecutionTerminated t:
                    item["Reason"] = t.Reason;
                    break;
                case ExecutionCompleted c:
                    item["OrchestrationStatus"] = c.Status.ToString();
                    if (showOutput)
                    {
                        item["Result"] = Parse(c.Result);
                    }

                    if (c.Failure is not null)
                    {
                        item["Reason"] = c.Failure.ToString();
                    }

                    break;
            }

            array.Add(item);
        }

        return array;
    }

    private static string Time(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
