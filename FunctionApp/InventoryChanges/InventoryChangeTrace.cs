using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionApp.Telemetry;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// Carries the trace of the webhook that accepted a change through its queue message (a <c>traceparent</c> field beside
/// the change's own), so the message's processing, the ERP call and the change's outcome join that trace.
/// </summary>
internal static class InventoryChangeTrace
{
    /// <summary>The message's field with the sending span's context.</summary>
    public const string Field = "traceparent";

    /// <summary>Starts the span of putting <paramref name="change"/> on the queue; its message carries the span's context.</summary>
    public static (Activity? Span, string Message) Send(InventoryChange change, string queue)
    {
        var span = IntegrationTelemetry.Source.StartActivity("inventory-changes send", ActivityKind.Producer);
        span?.SetTag("messaging.destination.name", queue).SetTag("acme.change_id", change.Id);
        return (span, change.ToMessage(span?.Id));
    }

    /// <summary>
    /// Starts the span of processing a delivered message, as a child of the span that sent it; returns the message
    /// without its trace field, for validation. A message that is not a JSON object is returned as it is.
    /// </summary>
    public static (Activity? Span, string Change) Receive(string text, string queue, long dequeueCount)
    {
        var (change, parent) = Detach(text);
        ActivityContext.TryParse(parent, null, isRemote: true, out var context);
        var span = IntegrationTelemetry.Source.StartActivity("inventory-changes process", ActivityKind.Consumer, context);
        span?.SetTag("messaging.destination.name", queue).SetTag("messaging.message.delivery_count", dequeueCount);
        return (span, change);
    }

    /// <summary>The message without its trace field (a message that is not a JSON object, as it is).</summary>
    public static string WithoutTrace(string text) => Detach(text).Change;

    private static (string Change, string? TraceParent) Detach(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject json && json[Field] is JsonValue value && value.TryGetValue<string>(out var traceParent))
            {
                json.Remove(Field);
                return (json.ToJsonString(), traceParent);
            }
        }
        catch (JsonException)
        {
        }

        return (text, null);
    }
}
