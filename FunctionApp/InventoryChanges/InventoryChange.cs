using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// A validated stock change from the warehouse: <paramref name="Delta"/> units of <paramref name="Sku"/> (negative for
/// stock that left). <paramref name="Id"/> is the warehouse's id of the change and the ERP's idempotency key for it.
/// </summary>
internal sealed record InventoryChange(string Id, string Sku, int Delta, DateTimeOffset? OccurredAt)
{
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The queue message of the change: plain JSON text, <c>{"id","sku","delta","occurredAt"}</c>, and the
    /// <c>traceparent</c> of the span that sent it, when there is one.
    /// </summary>
    public string ToMessage(string? traceParent = null)
    {
        if (traceParent is null)
        {
            return JsonSerializer.Serialize(this, MessageJson);
        }

        var json = JsonSerializer.SerializeToNode(this, MessageJson)!.AsObject();
        json[InventoryChangeTrace.Field] = traceParent;
        return json.ToJsonString();
    }
}
