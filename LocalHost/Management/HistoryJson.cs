using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace LocalHost.Management;

/// <summary>
/// An instance's history as Durable's status API shows it (<c>historyEvents</c>): one entry per event with its
/// <c>EventType</c> and <c>Timestamp</c>; a task's scheduling folded into its completion (<c>FunctionName</c>,
/// <c>ScheduledTime</c>, <c>Result</c> or <c>Reason</c>), the orchestrator's own episode markers left out.
/// </summary>
internal static class HistoryJson
{
    /// <summary>Maps the Azure Storage provider's history (its JSON array of DTFx events) to Durable's shape.</summary>
    public static JsonArray From(string providerHistory, bool showOutput)
    {
        var events = JsonNode.Parse(providerHistory) as JsonArray ?? [];
        var scheduled = new Dictionary<int, JsonObject>();
        var output = new JsonArray();
        foreach (var e in events.OfType<JsonObject>())
        {
            var type = (EventType)(int)e["EventType"]!;
            var entry = new JsonObject { ["EventType"] = type.ToString(), ["Timestamp"] = e["Timestamp"]?.DeepClone() };
            switch (type)
            {
                case EventType.OrchestratorStarted or EventType.OrchestratorCompleted:
                    continue;
                case EventType.ExecutionStarted:
                    entry["FunctionName"] = e["Name"]?.DeepClone();
                    // The trace the run belongs to (the request that started it), for the console's trace link.
                    if (e["ParentTraceContext"] is JsonObject trace)
                    {
                        entry["ParentTraceContext"] = new JsonObject { ["TraceParent"] = trace["TraceParent"]?.DeepClone() };
                    }

                    if (showOutput)
                    {
                        entry["Input"] = Parse(e["Input"]);
                    }

                    break;
                case EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated:
                    entry["FunctionName"] = e["Name"]?.DeepClone();
                    entry["EventId"] = e["EventId"]?.DeepClone();
                    if (type == EventType.SubOrchestrationInstanceCreated)
                    {
                        entry["InstanceId"] = e["InstanceId"]?.DeepClone();
                    }

                    // Shown as pending until its completion arrives, then replaced by it.
                    scheduled[(int)e["EventId"]!] = entry;
                    break;
                case EventType.TaskCompleted or EventType.TaskFailed or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed:
                    var id = (int)e["TaskScheduledId"]!;
                    if (scheduled.Remove(id, out var started))
                    {
                        output.Remove(started);
                        entry["FunctionName"] = started["FunctionName"]?.DeepClone();
                        entry["ScheduledTime"] = started["Timestamp"]?.DeepClone();
                        if (started["InstanceId"] is { } child)
                        {
                            entry["InstanceId"] = child.DeepClone();
                        }
                    }

                    entry["TaskScheduledId"] = id;
                    if (type is EventType.TaskCompleted or EventType.SubOrchestrationInstanceCompleted)
                    {
                        if (showOutput)
                        {
                            entry["Result"] = Parse(e["Result"]);
                        }
                    }
                    else
                    {
                        entry["Reason"] = e["FailureDetails"]?["ErrorMessage"]?.DeepClone() ?? e["Reason"]?.DeepClone();
                        entry["FailureDetails"] = e["FailureDetails"]?.DeepClone();
                    }

                    break;
                case EventType.TimerCreated or EventType.TimerFired:
                    entry["FireAt"] = e["FireAt"]?.DeepClone();
                    entry["TimerId"] = (e["TimerId"] ?? e["EventId"])?.DeepClone();
                    break;
                case EventType.EventRaised or EventType.EventSent:
                    entry["Name"] = e["Name"]?.DeepClone();
                    if (type == EventType.EventSent)
                    {
                        entry["InstanceId"] = e["InstanceId"]?.DeepClone();
                    }

                    if (showOutput)
                    {
                        entry["Input"] = Parse(e["Input"]);
                    }

                    break;
                case EventType.ExecutionCompleted:
                    entry["OrchestrationStatus"] = ((OrchestrationStatus)(int)e["OrchestrationStatus"]!).ToString();
                    if (showOutput)
                    {
                        entry["Result"] = Parse(e["Result"]);
                    }

                    if (e["FailureDetails"] is { } failure)
                    {
                        entry["FailureDetails"] = failure.DeepClone();
                    }

                    break;
                case EventType.ExecutionTerminated or EventType.ExecutionSuspended or EventType.ExecutionResumed:
                    entry["Reason"] = e["Input"]?.DeepClone() ?? e["Reason"]?.DeepClone();
                    break;
                case EventType.GenericEvent:
                    entry["Data"] = e["Data"]?.DeepClone();
                    break;
            }

            output.Add(entry);
        }

        return output;
    }

    private static JsonNode? Parse(JsonNode? value)
    {
        if (value?.GetValueKind() != JsonValueKind.String)
        {
            return value?.DeepClone();
        }

        try
        {
            return JsonNode.Parse(value.GetValue<string>());
        }
        catch (JsonException)
        {
            return value.DeepClone();
        }
    }
}
