using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunctionApp.Durable;

/// <summary>
/// An orchestration's reply before it finishes, for a caller waiting in sync mode (the back-order notice, published while
/// the order waits for the restock). Durable has none: the reply is the <c>reply</c> member of the custom status, which
/// both hosts persist with the instance and the status API shows; <see cref="SyncReply"/> reads it.
/// </summary>
internal static class EarlyReply
{
    private const string ReplyMember = "reply";

    /// <summary>Publishes <paramref name="reply"/> in the custom status, with the stage the instance is at.</summary>
    public static void Publish(TaskOrchestrationContext context, string stage, object reply) =>
        context.SetCustomStatus(new Dictionary<string, object> { ["stage"] = stage, [ReplyMember] = reply });

    /// <summary>The reply an instance published, if it did.</summary>
    public static JsonObject? Of(OrchestrationMetadata instance) =>
        StatusResponses.Parse(instance.SerializedCustomStatus) is JsonObject status && status[ReplyMember] is JsonObject reply ? reply : null;
}
